"""Rasa's REST and socket.io channels, with one addition: when a customer's message gets no
reply because the action server is down, they get a short apology in their language
instead of silence. URLs and behaviour are otherwise Rasa's own.
"""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from bot import rasa_speedups, settings
from bot.language import DEFAULT_LANGUAGE, conversation_language

rasa_speedups.install()  # the Rasa server imports this module at start (credentials.yml)

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
            async with session.get(url) as response:
                return response.status == 200
    except (aiohttp.ClientError, TimeoutError, OSError):
        return False


def apology_language(message: UserMessage) -> str:
    metadata: Optional[Dict[Text, Any]] = message.metadata if isinstance(message.metadata, dict) else None
    return conversation_language(message.text or "", (metadata or {}).get("language")) or DEFAULT_LANGUAGE


def never_silent(on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Callable[[UserMessage], Awaitable[Any]]:
    """Wraps Rasa's message handler: counts the replies sent, apologises if there were none
    because the action server is down (a paused, handed-off conversation stays silent)."""

    async def handle(message: UserMessage) -> None:
        output, sent = message.output_channel, []
        send_response = output.send_response

        async def counting_send_response(recipient_id: Text, reply: Dict[Text, Any]) -> None:
            sent.append(reply)
            await send_response(recipient_id, reply)

        output.send_response = counting_send_response
        await on_new_message(message)
        if not sent and (message.text or "").strip() and not await action_server_up():
            await output.send_text_message(message.sender_id, APOLOGY[apology_language(message)])

    return handle


class PoliteRestInput(RestInput):
    """Rasa's REST channel (`/webhooks/rest/webhook`), never silent when actions fail."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(never_silent(on_new_message))


class PoliteSocketIOInput(SocketIOInput):
    """Rasa's socket.io channel (the widget's), never silent when actions fail."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(never_silent(on_new_message))
