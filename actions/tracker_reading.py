"""What the actions read off Rasa's tracker: the conversation's language, the latest intent, the
customer's turns, the second problem kept for later, and the client the channel saw."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk import Tracker

from bot.complaints.categories import NAMES as CATEGORY_NAMES
from bot.complaints.two_problems import Problem
from bot.serving.client_address import CLIENT_METADATA


def language_of(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "en"


def intent_of(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def user_turns(tracker: Tracker) -> List[tuple]:
    return [(((e.get("parse_data") or {}).get("intent") or {}).get("name") or "", e.get("text") or "")
            for e in tracker.events if e.get("event") == "user"]


def pending_problem(tracker: Tracker) -> Optional[Problem]:
    pending = tracker.get_slot("pending_problem") or {}
    if pending.get("category") not in CATEGORY_NAMES:
        return None
    return Problem(pending["category"], str(pending.get("details") or ""))


def client_of(tracker: Tracker) -> Optional[str]:
    """The digest of the client's address, as Rasa's channel put it in the message's metadata
    (bot.serving.client_address); None when the message came another way."""
    client = (tracker.latest_message.get("metadata") or {}).get(CLIENT_METADATA)
    return client if isinstance(client, str) and len(client) == 64 else None
