"""The tracking webhook: carriers' scans and proofs of delivery pushed to us, in our JSON format
(`POST /webhooks/tracking`, signed with `TRACKING_WEBHOOK_SECRET`) or in AfterShip's
(`POST /webhooks/tracking/aftership`, signed with `AFTERSHIP_WEBHOOK_SECRET`; off while it is unset).

HTTP only: reading, checking and keeping an update is bot.orders.tracking's. The signature is checked
before the body is read as JSON, and refusals are logged without the body.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from flask import Blueprint, abort, jsonify, request
from flask.typing import ResponseReturnValue

from bot import settings
from bot.console.services import console_services
from bot.orders.tracking import (
    MAX_BODY_BYTES,
    BadSignature,
    MalformedUpdate,
    Update,
    base64_signature,
    check_fresh,
    check_signature,
    hex_signature,
    keep_update,
    read_aftership,
    read_ours,
)
from bot.store import session_scope

logger = logging.getLogger(__name__)
tracking_webhook = Blueprint("tracking_webhook", __name__, url_prefix="/webhooks/tracking")


def _receive(read: Callable[[bytes], Update], header: str, signature: Callable[[str, bytes], str],
             secret: str) -> ResponseReturnValue:
    if (request.content_length or 0) > MAX_BODY_BYTES:
        abort(413)
    body = request.get_data(cache=False)
    if len(body) > MAX_BODY_BYTES:
        abort(413)
    now = datetime.utcnow()
    try:
        check_signature(request.headers.get(header), signature(secret, body))
        update = read(body)
        check_fresh(update, now)
    except BadSignature as refused:
        logger.warning("tracking update refused (%s): %s", request.path, refused)
        return jsonify(error=str(refused)), 401
    except MalformedUpdate as malformed:
        logger.warning("tracking update malformed (%s): %s", request.path, malformed)
        return jsonify(error=str(malformed)), 400
    with session_scope(console_services().store) as session:
        kept = keep_update(session, update, now)
    return jsonify(status="kept" if kept else "already kept"), 200


@tracking_webhook.post("")
def ours() -> ResponseReturnValue:
    return _receive(read_ours, "X-Tracking-Signature", hex_signature, settings.tracking_webhook_secret())


@tracking_webhook.post("/aftership")
def aftership() -> ResponseReturnValue:
    secret = settings.aftership_webhook_secret()
    if not secret:
        abort(404)
    return _receive(read_aftership, "aftership-hmac-sha256", base64_signature, secret)
