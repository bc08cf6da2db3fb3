"""Rasa's REST channel (`/webhooks/rest/webhook`; tests and integrations), for the public internet: a JSON
object with a checked sender, text and metadata, or 400; a retried request (`X-Request-Id`) answered
from what was said the first time; never silent (bot.serving.channels.guards).
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from bot.handoff.catch_up import tracker_engine
from bot.serving.channel_input import (
    InvalidInput,
    checked_metadata,
    checked_request_id,
    checked_sender,
    checked_text,
)
from bot.serving.channels.guards import Handler, guarded
from bot.serving.client_address import CLIENT_METADATA, client_digest
from bot.serving.retried_requests import saved_replies

logger = logging.getLogger(__name__)
REQUEST_ID_HEADER = "X-Request-Id"
_REQUEST_ID = "request_id"  # where the REST channel hands the header's value to `answered_once`


def answered_once(on_new_message: Handler) -> Handler:
    """Wraps Rasa's message handler for a REST request with an id: the message is saved under that id,
    and a request sent again with it is answered with the replies saved the first time
    (bot.serving.retried_requests), not handled twice."""

    async def handle(message: UserMessage) -> None:
        request_id = (message.metadata or {}).pop(_REQUEST_ID, None)
        if request_id:
            message.message_id = request_id
            replies = await asyncio.get_running_loop().run_in_executor(
                None, saved_replies, tracker_engine(), message.sender_id, request_id)
            if replies is not None:
                logger.info("request %s to %s answered again from the tracker", request_id, message.sender_id)
                for reply in replies:
                    await message.output_channel.send_response(message.sender_id, reply)
                return
        await on_new_message(message)

    return handle


def _json_object(request: Request) -> dict:
    body = request.json
    if not isinstance(body, dict):
        raise InvalidUsage("the body must be a JSON object")
    return body


def _checked(check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except InvalidInput as error:
        raise InvalidUsage(str(error)) from None


class PoliteRestInput(RestInput):
    """Rasa's REST channel (`/webhooks/rest/webhook`): a JSON object with a `sender` of its own,
    or 400; never silent when actions fail."""

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return _checked(checked_sender, _json_object(req).get("sender"))

    def _extract_message(self, req: Request) -> Optional[Text]:
        return _checked(checked_text, _json_object(req).get("message"))

    def _extract_input_channel(self, req: Request) -> Text:
        return self.name()  # a client must not pose as another channel

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        metadata = _checked(checked_metadata, _json_object(request).get("metadata"))
        if metadata is not None:  # the request's id comes from its header, checked, never from the body
            metadata = {key: value for key, value in metadata.items() if key != _REQUEST_ID}
        request_id = _checked(checked_request_id, request.headers.get(REQUEST_ID_HEADER))
        client = client_digest(request.ip, request.headers.get("X-Forwarded-For"), peer_is_a_client=False)
        return {**(metadata or {}), CLIENT_METADATA: client, **({_REQUEST_ID: request_id} if request_id else {})}

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(guarded(answered_once(on_new_message)))
