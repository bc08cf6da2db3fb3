"""What a returning widget missed while it was closed: the bot's and people's messages, and the
customer's own answers by email, from Rasa's tracker store, ready to send as the widget's
`bot_uttered` messages (the widget keeps only what it showed, in the browser).
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy.engine import Engine

from bot import settings
from bot.mail.replies import EMAIL_CHANNEL
from bot.store import make_engine
from bot.store.tracker_events import conversation_events
from bot.texts import Texts

MAX_MISSED = 50  # a widget is shown at most this many of the latest missed messages
YOUR_EMAIL = Texts(en="Your answer by email, added to your case: “{text}”",
                   es="Tu respuesta por correo, añadida a tu caso: «{text}»")


@lru_cache(maxsize=None)
def tracker_engine() -> Engine:
    """Rasa's tracker store, read directly (bot.store.tracker_events)."""
    return make_engine(settings.tracker_store_url())


def missed_messages(tracker: Engine, conversation_id: str, since: datetime) -> list[dict[str, Any]]:
    """The messages said in the conversation after `since` (UTC), oldest first, each with its
    buttons (as the widget's quick replies) and its language in `metadata.language` when known."""
    missed = []
    for event in conversation_events(tracker, conversation_id, since=since):
        language = (event.data.get("metadata") or {}).get("language")
        if event.type == "bot" and event.data.get("text"):
            text = event.data["text"]
        elif event.type == "user" and event.data.get("input_channel") == EMAIL_CHANNEL:
            text = YOUR_EMAIL.of(language or "").format(text=event.data.get("text") or "")
        else:
            continue
        replies = _quick_replies(event.data) if event.type == "bot" else []
        missed.append({"text": text, **({"quick_replies": replies} if replies else {}),
                       **({"metadata": {"language": language}} if language else {})})
    return missed[-MAX_MISSED:]


def _quick_replies(event: dict[str, Any]) -> list[dict[str, str]]:
    """A bot message's buttons as Rasa's socket.io channel sends them (`quick_replies`)."""
    buttons = (event.get("data") or {}).get("buttons") or []
    return [{"content_type": "text", "title": str(b["title"]), "payload": str(b["payload"])}
            for b in buttons if isinstance(b, dict) and b.get("title") and b.get("payload")]
