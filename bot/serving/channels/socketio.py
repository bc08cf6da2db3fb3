"""Rasa's socket.io channel (the website widget's), for the public internet: each widget's session is bound
to a server-issued token (bot.serving.socket_sessions), so a socket writes only into its own conversation
and receives only its replies; each reply carries its language; a returning widget gets what it
missed; never silent (bot.serving.channels.guards).
"""
from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime
from typing import Any, Callable, Dict, Optional, Text

import rasa.core.channels.channel
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer
from sqlalchemy.exc import SQLAlchemyError

from bot import settings
from bot.handoff.catch_up import missed_messages, tracker_engine
from bot.handoff.widget_presence import widget_connected, widget_disconnected
from bot.language import SUPPORTED
from bot.serving.channels.guards import Handler, guarded
from bot.serving.client_address import CLIENT_METADATA, client_digest
from bot.serving.socket_sessions import conversation_id, issue_token, valid_token
from bot.store import session_scope

logger = logging.getLogger(__name__)
SOCKETIO_CHANNEL = "complaint-bot-socketio"  # the Redis pub/sub channel the Rasa instances share


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
        return settings.socket_session_key()

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
            if not isinstance(token, str) or not valid_token(key, token):
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
