"""Conversations written by Rasa's own SQLTrackerStore into a test database (for the console tests)."""
from __future__ import annotations

from datetime import datetime, timedelta

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from tests.services import run_async

START = datetime(2026, 11, 1, 9, 0)


def customer(text_: str, intent: str, seconds: int, confidence: float = 0.9) -> UserUttered:
    return UserUttered(text_, parse_data={"intent": {"name": intent, "confidence": confidence}, "entities": []},
                       timestamp=(START + timedelta(seconds=seconds)).timestamp())


def bot(text_: str, seconds: int, agent: str | None = None) -> BotUttered:
    return BotUttered(text_, metadata={"agent": agent} if agent else {},
                      timestamp=(START + timedelta(seconds=seconds)).timestamp())


def language(code: str, seconds: int) -> SlotSet:
    return SlotSet("language", code, timestamp=(START + timedelta(seconds=seconds)).timestamp())


def paused(seconds: int) -> ConversationPaused:
    return ConversationPaused(timestamp=(START + timedelta(seconds=seconds)).timestamp())


def resumed(seconds: int) -> ConversationResumed:
    return ConversationResumed(timestamp=(START + timedelta(seconds=seconds)).timestamp())


class RasaTrackers:
    """Saves conversations the way Rasa does, through its SQLTrackerStore."""

    def __init__(self, engine) -> None:
        url = engine.url
        self.engine = engine
        self.store = SQLTrackerStore(dialect=url.get_backend_name(), host=url.host, port=url.port,
                                     db=url.database, username=url.username, password=url.password)

    def add(self, conversation_id: str, events: list[Event]) -> None:
        tracker = run_async(self.store.retrieve(conversation_id)) or DialogueStateTracker(conversation_id, [])
        for event in events:
            tracker.update(event)
        run_async(self.store.save(tracker))
