"""Rasa's REST and socket.io channels, hardened for the public internet, and never silent.

Every request is checked before Rasa sees it (bot.serving.channel_input): a missing or odd sender is
refused, an over-long message gets a polite refusal in the customer's language. The widget's
socket.io sessions are bound to a server-issued token (bot.serving.socket_sessions): a socket writes only
into its own conversation and receives only its replies. When a message gets no reply because the
action server is down, the customer gets a short apology instead of silence. URLs are Rasa's own.
"""
from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
import rasa.core.channels.channel
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer
from sqlalchemy.exc import SQLAlchemyError

from bot import settings
from bot.handoff.catch_up import missed_messages, tracker_engine
from bot.handoff.widget_presence import widget_connected, widget_disconnected
from bot.language import DEFAULT_LANGUAGE, SUPPORTED, conversation_language
from bot.secret_file import stored_secret
from bot.serving.channel_input import (
    InvalidInput,
    as_customer_text,
    checked_metadata,
    checked_request_id,
    checked_sender,
    checked_text,
    too_long_reply,
)
from bot.serving.client_address import CLIENT_METADATA, client_digest
from bot.serving.retried_requests import saved_replies
from bot.serving.socket_sessions import conversation_id, issue_token, valid_token
from bot.store import session_scope

logger = logging.getLogger(__name__)
Handler = Callable[[UserMessage], Awaitable[Any]]
SOCKETIO_CHANNEL = "complaint-bot-socketio"  # the Redis pub/sub channel the Rasa instances share
REQUEST_ID_HEADER = "X-Request-Id"
_REQUEST_ID = "request_id"  # where the REST channel hands the header's value to `answered_once`

APOLOGY = {
    "en": "I'm sorry, I'm having a technical problem right now and can't look into this. Nothing you've "
          "told me is lost; please try again in a few minutes.",
    "es": "Lo siento, ahora mismo tengo un problema técnico y no puedo revisarlo. No se ha perdido nada de lo "
          "que me has contado; vuelve a intentarlo en unos minutos.",
}


async def action_server_up(timeout: float = 2.0) -> bool:
    url = settings.action_server_url().rsplit("/webhook", 1)[0] + "/health"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async with session.get(url) as reply:
                return reply.status == 200
    except (aiohttp.ClientError, TimeoutError, OSError):
        return False


def _pinned_language(message: UserMessage) -> Optional[str]:
    return message.metadata.get("language") if isinstance(message.metadata, dict) else None


def apology_language(message: UserMessage) -> str:
    return conversation_language(message.text or "", _pinned_language(message)) or DEFAULT_LANGUAGE


def _apology(message: UserMessage) -> Dict[Text, Any]:
    language = apology_language(message)
    return {"text": APOLOGY[language], "metadata": {"language": language}}


def reply_language(reply: Dict[Text, Any]) -> Optional[str]:
    """The language a reply is in: its response's (`metadata.language`, bot.reply_language) or a
    person's (the console's `language`); None when it does not say."""
    tagged = reply.get("metadata")
    language = tagged.get("language") if isinstance(tagged, dict) else reply.get("language")
    return language if language in SUPPORTED else None


class LanguageTaggedOutput(SocketIOOutput):
    """Rasa's socket.io output, with each message's language in its `metadata.language`: the widget
    marks the message with it and announces it in that language (bot/web/static/widget-a11y.js)."""

    _language: Optional[str] = None

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        self._language = reply_language(message)
        try:
            await super().send_response(recipient_id, message)
        finally:
            self._language = None

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        if self._language and isinstance(response, dict):
            response = {**response, "metadata": {**(response.get("metadata") or {}), "language": self._language}}
        await super()._send_message(socket_id, response)


def never_silent(on_new_message: Handler) -> Handler:
    """Wraps Rasa's message handler: apologises when the message could not be handled (a store such
    as Redis or the tracker database is down: Rasa raises) or got no reply because the action
    server is down (a paused, handed-off conversation stays silent)."""

    async def handle(message: UserMessage) -> None:
        output, sent = message.output_channel, []
        send_response = output.send_response

        async def counting_send_response(recipient_id: Text, reply: Dict[Text, Any]) -> None:
            sent.append(reply)
            await send_response(recipient_id, reply)

        output.send_response = counting_send_response
        try:
            await on_new_message(message)
        except Exception as error:  # whatever failed, the customer hears it politely
            logger.error("message from %s not handled: %s", message.sender_id, error.__class__.__name__)
            await send_response(message.sender_id, _apology(message))
            return
        if not sent and (message.text or "").strip() and not await action_server_up():
            await send_response(message.sender_id, _apology(message))

    return handle


def within_limits(on_new_message: Handler) -> Handler:
    """Wraps Rasa's message handler: a message over the length limit never reaches Rasa (its regexes
    and featurizers would keep the server busy for everyone); the customer is told why, politely.
    A typed '/intent{…}' is read as words unless it is one of the bot's own button commands."""

    async def handle(message: UserMessage) -> None:
        message.text = as_customer_text(message.text or "")
        refusal = too_long_reply(message.text, settings.max_message_chars(), _pinned_language(message))
        if refusal:
            logger.info("refused a message of %d characters from %s", len(message.text), message.sender_id)
            await message.output_channel.send_text_message(message.sender_id, refusal)
            return
        await on_new_message(message)

    return handle


def guarded(on_new_message: Handler) -> Handler:
    return within_limits(never_silent(on_new_message))


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


def _metadata(value: Any) -> Optional[dict]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def _client_manager() -> Optional[AsyncRedisManager]:
    """With Redis, a message for a widget goes through it to whichever Rasa instance holds the
    widget's socket (an agent's message may arrive at another instance); else within this process."""
    url = settings.redis_url()
    return AsyncRedisManager(url, channel=SOCKETIO_CHANNEL) if url else None


async def _note_widget(change: Callable[..., Any], *args: Any) -> Any:
    """Keep which widgets are connected (bot.handoff.widget_presence), off the event loop; what the
    change returns. A store that is down costs only that knowledge (None), never the chat."""
    def write() -> Any:
        with session_scope() as session:
            return change(session, *args)

    try:
        return await asyncio.get_running_loop().run_in_executor(None, write)
    except SQLAlchemyError as error:
        logger.warning("widget presence not kept: %s", error.__class__.__name__)
        return None


async def _missed(conversation: str, since: datetime) -> list[Dict[Text, Any]]:
    """What a returning widget missed (bot.handoff.catch_up); nothing when the tracker store is down."""
    try:
        return await asyncio.get_running_loop().run_in_executor(
            None, missed_messages, tracker_engine(), conversation, since)
    except SQLAlchemyError as error:
        logger.warning("missed messages not sent: %s", error.__class__.__name__)
        return []


class PoliteSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (the widget's) with sessions a stranger cannot join: the server
    issues each widget a signed session token; the socket that presents it joins the conversation
    derived from it, and its messages go only there, whatever `session_id` they claim."""

    def _session_key(self) -> str:
        return settings.socket_session_key() or stored_secret(settings.data_dir() / "session-secret")

    def _authorised(self, auth: Optional[Dict]) -> bool:
        if not self.jwt_key:
            return True
        token = auth.get("token") if isinstance(auth, dict) else None
        return bool(token and rasa.core.channels.channel.decode_bearer_token(token, self.jwt_key,
                                                                              self.jwt_algorithm))

    def get_output_channel(self) -> Optional[LanguageTaggedOutput]:
        """Where Rasa's API (the console) speaks into a widget."""
        return LanguageTaggedOutput(self.sio, self.bot_message_evt) if self.sio is not None else None

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = guarded(on_new_message)
        key = self._session_key()
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[], client_manager=_client_manager())
        socketio_webhook = SocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio  # Rasa's API pushes through it (get_output_channel)

        @socketio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            return self._authorised(auth)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Any) -> None:
            token = data.get("session_id") if isinstance(data, dict) else None
            if not valid_token(key, token):
                token = issue_token(key)  # new, forged or another server's: a fresh conversation
            conversation = conversation_id(key, token)
            request = sio.get_environ(sid, namespace=self.namespace)["sanic.request"]
            client = client_digest(request.ip, request.headers.get("X-Forwarded-For"))
            await sio.save_session(sid, {"conversation": conversation, "client": client}, namespace=self.namespace)
            sio.enter_room(sid, conversation, namespace=self.namespace)
            await sio.emit("session_confirm", token, room=sid, namespace=self.namespace)
            left = await _note_widget(widget_connected, sid, conversation, datetime.utcnow())
            for missed in await _missed(conversation, left) if left else []:
                await sio.emit(self.bot_message_evt, missed, room=sid, namespace=self.namespace)

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: Text) -> None:
            await _note_widget(widget_disconnected, sid, datetime.utcnow())

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: Text, data: Any) -> None:
            session = await sio.get_session(sid, namespace=self.namespace)
            conversation = session.get("conversation")
            if not conversation or not isinstance(data, dict) or not isinstance(data.get("message", ""), str):
                return  # no session asked for, or not a message: nothing to answer
            output = LanguageTaggedOutput(sio, self.bot_message_evt)
            metadata = {**(_metadata(data.get(self.metadata_key)) or {}), CLIENT_METADATA: session.get("client")}
            await handle(UserMessage(data.get("message", ""), output, conversation, input_channel=self.name(),
                                     metadata=metadata))

        return socketio_webhook
