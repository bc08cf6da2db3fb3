"""What every channel of ours does around Rasa's message handler: a message over the length limit never
reaches Rasa and gets a polite refusal in the customer's language (bot.serving.channel_input), and a
message that got no reply because something is down gets a short apology instead of silence.

Wrappers of a handler only; reading a channel's requests is each channel module's job.
"""
from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
from rasa.core.channels.channel import UserMessage

from bot import settings
from bot.language import DEFAULT_LANGUAGE, conversation_language
from bot.serving.channel_input import as_customer_text, too_long_reply

logger = logging.getLogger(__name__)
Handler = Callable[[UserMessage], Awaitable[Any]]

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
