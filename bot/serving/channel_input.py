"""What a stranger may send to the bot's channels: sender ids, message text and metadata are
checked here before Rasa sees them. Pure checks and the polite refusals; no I/O.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

import yaml

from bot.complaints.category_training import category_domain
from bot.language import DEFAULT_LANGUAGE, conversation_language
from bot.settings import PROJECT_ROOT

# A conversation id names a tracker, shows in console URLs and exports: short, printable, no markup.
SENDER_ID = re.compile(r"[\w.:@+-]{1,128}")
# A request's own id (the X-Request-Id header HAProxy sets, or a client's): a load balancer's retry
# of the same request carries the same id, so it is answered once (bot.serving.retried_requests).
REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
# Language is told from this much of an over-long message (detection on all of it would be slow).
_LANGUAGE_SAMPLE_CHARS = 1000

TOO_LONG = {
    "en": "I'm sorry, that message is too long for me to read in one go (up to {limit} characters). "
          "Could you send it in shorter parts? Nothing you've told me before is lost.",
    "es": "Lo siento, ese mensaje es demasiado largo para leerlo de una vez (hasta {limit} caracteres). "
          "¿Puedes enviarlo en partes más cortas? No se ha perdido nada de lo que me contaste antes.",
}


class InvalidInput(ValueError):
    """A request the channel refuses outright (HTTP 400): the reason is safe to show."""


def checked_sender(value: Any) -> str:
    """The sender id if it is a short printable string; a missing or odd one is refused, never
    merged into a shared conversation."""
    if not isinstance(value, str) or not SENDER_ID.fullmatch(value):
        raise InvalidInput("'sender' must be 1 to 128 letters, digits or . : @ + - _")
    return value


def checked_text(value: Any) -> str:
    """The message text; a missing one is an empty message, anything but a string is refused."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("'message' must be a string")
    return value


def checked_metadata(value: Any) -> Optional[dict]:
    if value is None or isinstance(value, dict):
        return value
    raise InvalidInput("'metadata' must be an object")


def checked_request_id(value: Any) -> Optional[str]:
    """The request's id, or None when it has none; an odd one is refused."""
    if value is None:
        return None
    if not isinstance(value, str) or not REQUEST_ID.fullmatch(value):
        raise InvalidInput("'X-Request-Id' must be 8 to 64 letters, digits, - or _")
    return value


@lru_cache(maxsize=1)
def button_commands() -> frozenset[str]:
    """The `/intent` payloads the bot's own buttons send (domain.yml and the category buttons), and the widget's
    `/session_start`: the only commands a customer's message may carry."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    responses = {**domain["responses"], **category_domain()["responses"]}
    payloads = {button["payload"] for variations in responses.values() for variation in variations
                for button in variation.get("buttons", []) if str(button.get("payload", "")).startswith("/")}
    return frozenset(payloads | {"/session_start"})


def as_customer_text(text: str) -> str:
    """A message starting with '/' is read as words unless it is exactly one of the bot's button
    commands: a customer cannot pick an intent or set entities ('/affirm{"email": …}') by typing.
    NUL characters are dropped: no database keeps them in text (PostgreSQL refuses them)."""
    text = text.replace("\x00", "")
    if text.startswith("/") and text.strip() not in button_commands():
        return text.lstrip("/")
    return text


def too_long_reply(text: str, limit: int, pinned: Optional[str] = None) -> Optional[str]:
    """The polite refusal for a message over `limit` characters, in its language; None when it fits."""
    if len(text) <= limit:
        return None
    language = conversation_language(text[:_LANGUAGE_SAMPLE_CHARS], pinned) or DEFAULT_LANGUAGE
    return TOO_LONG[language].format(limit=limit)
