"""Carrier tracking pushed to us by a webhook: an update read from our own JSON format or from
AfterShip's, checked (its signature over the raw body, its event never seen before, not stale),
kept by tracking number, and put on the parcel with that number whenever its order is in the store,
now or when the order comes in later.

Reading, keeping and applying updates; the HTTP endpoint is bot.web.tracking_webhook.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Optional

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import (
    EVENT_CODES,
    PROOF_KINDS,
    CarrierEvent,
    DeliveryProof,
    Order,
    Shipment,
    TrackingUpdate,
)

MAX_BODY_BYTES = 256_000
MAX_SCANS = 200
STALE_AFTER = timedelta(minutes=15)  # a signed timestamp older than this is a replay
# AfterShip's delivery tags, as our scan codes (the others say nothing the checks read).
AFTERSHIP_TAGS = {"InTransit": "in_transit", "OutForDelivery": "out_for_delivery", "Delivered": "delivered",
                  "AttemptFail": "exception", "Exception": "exception", "AvailableForPickup": "out_for_delivery"}


class BadSignature(ValueError):
    """The body is not signed with the shared secret, or its signed time is too old."""


class MalformedUpdate(ValueError):
    """The body is not an update of the format (the message says which field, never its value)."""


@dataclass(frozen=True, kw_only=True)
class Update:
    event_id: str
    tracking: str
    sent_at: Optional[datetime]
    scans: list[dict[str, Any]]
    proof: Optional[dict[str, Any]]


def _time(value: Any, where: str) -> datetime:
    try:
        at = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise MalformedUpdate(f"{where}: not a date") from None
    return at.astimezone(timezone.utc).replace(tzinfo=None) if at.tzinfo else at


def _text(value: Any, where: str, longest: int) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > longest:
        raise MalformedUpdate(f"{where}: expected text of 1 to {longest} characters")
    return value.strip()


def _object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise MalformedUpdate("the body is not JSON") from None
    if not isinstance(data, dict):
        raise MalformedUpdate("the body is not a JSON object")
    return data


def _scans(raw: Any, where: str, read: Callable[[Any, str], Optional[dict[str, Any]]]) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or len(raw) > MAX_SCANS:
        raise MalformedUpdate(f"{where}: expected a list of at most {MAX_SCANS} scans")
    return [scan for n, item in enumerate(raw) if (scan := read(item, f"{where}[{n}]")) is not None]


def _our_scan(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict) or item.get("code") not in EVENT_CODES:
        raise MalformedUpdate(f"{where}.code: one of {', '.join(EVENT_CODES)}")
    location = item.get("location")
    return {"at": _time(item.get("at"), f"{where}.at").isoformat(), "code": item["code"],
            "location": _text(location, f"{where}.location", 200) if location is not None else None}


def read_ours(body: bytes) -> Update:
    """Our format (docs/records.md): event_id, sent_at, tracking_number, scans[], proof?."""
    data = _object(body)
    proof = data.get("proof")
    if proof is not None:
        if not isinstance(proof, dict) or proof.get("kind") not in PROOF_KINDS or not isinstance(
                proof.get("certified"), bool):
            raise MalformedUpdate(f"proof: kind one of {', '.join(PROOF_KINDS)}, certified true or false")
        proof = {"kind": proof["kind"], "captured_at": _time(proof.get("captured_at"), "proof.captured_at").isoformat(),
                 "detail": _text(proof.get("detail"), "proof.detail", 500), "certified": proof["certified"]}
    return Update(event_id="ours:" + _text(data.get("event_id"), "event_id", 120),
                  tracking=_text(data.get("tracking_number"), "tracking_number", 100),
                  sent_at=_time(data.get("sent_at"), "sent_at"), scans=_scans(data.get("scans"), "scans", _our_scan),
                  proof=proof)


def _aftership_scan(item: Any, where: str) -> Optional[dict[str, Any]]:
    if not isinstance(item, dict):
        raise MalformedUpdate(f"{where}: expected an object")
    code = AFTERSHIP_TAGS.get(str(item.get("tag")))
    if code is None:
        return None
    location = item.get("location")
    return {"at": _time(item.get("checkpoint_time"), f"{where}.checkpoint_time").isoformat(), "code": code,
            "location": location[:200] if isinstance(location, str) and location.strip() else None}


def read_aftership(body: bytes) -> Update:
    """AfterShip's `tracking_update` webhook: ts, event_id, msg.tracking_number, msg.checkpoints[]
    (tag, checkpoint_time, location), msg.signed_by (the signature, vouched for by the carrier)."""
    data = _object(body)
    message = data.get("msg")
    if not isinstance(message, dict):
        raise MalformedUpdate("msg: expected an object")
    if not isinstance(data.get("ts"), int):
        raise MalformedUpdate("ts: expected a Unix time")
    scans = _scans(message.get("checkpoints") or [], "msg.checkpoints", _aftership_scan)
    delivered = [scan for scan in scans if scan["code"] == "delivered"]
    signer = message.get("signed_by")
    proof = ({"kind": "signature", "captured_at": delivered[-1]["at"],
              "detail": f"signed by {_text(signer, 'msg.signed_by', 200)}", "certified": True}
             if delivered and isinstance(signer, str) and signer.strip() else None)
    return Update(event_id="aftership:" + _text(data.get("event_id"), "event_id", 120),
                  tracking=_text(message.get("tracking_number"), "msg.tracking_number", 100),
                  sent_at=datetime.utcfromtimestamp(data["ts"]), scans=scans, proof=proof)


def hex_signature(secret: str, body: bytes) -> str:
    """Our format's `X-Tracking-Signature`: 'sha256=' and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def base64_signature(secret: str, body: bytes) -> str:
    """AfterShip's `aftership-hmac-sha256`: the base64 HMAC-SHA256 of the raw body."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def check_signature(given: Optional[str], expected: str) -> None:
    if not given or not hmac.compare_digest(given.strip(), expected):
        raise BadSignature("the signature does not match the body")


def check_fresh(update: Update, now: datetime) -> None:
    if update.sent_at is not None and abs(now - update.sent_at) > STALE_AFTER:
        raise BadSignature("the signed time is too far from now: a replay, or a clock far off")


def _apply(session: Session, shipment: Shipment, update: TrackingUpdate) -> None:
    """The update's scans and proof on the parcel, each once however often it is applied."""
    have = {(event.at, event.code) for event in shipment.events}
    for scan in update.scans:
        at = datetime.fromisoformat(scan["at"])
        if (at, scan["code"]) not in have:
            session.add(CarrierEvent(shipment_id=shipment.id, at=at, code=scan["code"], location=scan["location"]))
            have.add((at, scan["code"]))
    proof = update.proof
    if proof and not any(p.kind == proof["kind"] and p.captured_at == datetime.fromisoformat(proof["captured_at"])
                         for p in shipment.proofs):
        session.add(DeliveryProof(shipment_id=shipment.id, kind=proof["kind"],
                                  captured_at=datetime.fromisoformat(proof["captured_at"]), detail=proof["detail"],
                                  certified=proof["certified"]))


def apply_updates(session: Session, order: Order) -> None:
    """Every kept update for the order's parcels, on them (the import replaces an order's parcels, so
    this runs after every import of the order)."""
    session.flush()
    shipments = session.execute(select(Shipment).where(Shipment.order_id == order.id)).scalars().all()
    for shipment in shipments:
        updates = session.execute(select(TrackingUpdate).where(TrackingUpdate.tracking == shipment.tracking)
                                  .order_by(TrackingUpdate.id)).scalars().all()
        for update in updates:
            session.refresh(shipment)  # the scans and proofs as they stand, the last update's included
            _apply(session, shipment, update)
            session.flush()


def keep_update(session: Session, update: Update, now: datetime) -> bool:
    """Keeps the update and puts it on its parcel if its order is here; False when this event was
    kept before (a redelivery: nothing changes)."""
    kept = TrackingUpdate(event_id=update.event_id, tracking=update.tracking, received_at=now, scans=update.scans,
                          proof=update.proof)
    try:
        with session.begin_nested():
            session.add(kept)
    except IntegrityError:  # the same event id, kept before (a redelivery) or meanwhile by another request
        return False
    for shipment in session.execute(select(Shipment).where(Shipment.tracking == update.tracking)).scalars():
        _apply(session, shipment, kept)
    return True
