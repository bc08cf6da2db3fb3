"""What the actions read off Rasa's tracker: the conversation's language, the latest intent, the
customer's turns and the second problem kept for later."""
from __future__ import annotations

from typing import List, Optional

from rasa_sdk import Tracker

from bot.complaints.categories import NAMES as CATEGORY_NAMES
from bot.complaints.two_problems import Problem


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
