"""Rasa's SQL tracker store, with customers' personal data masked before anything is saved: the
words of every message (and the parse data's copy of them), the bot's replies and slot values;
the event broker (RabbitMQ) is given the same masked events; and without Rasa's silent fallback to
memory when the database is down.

What the bot needs again later is not in these words: an order is proven in our own store
(`bot.orders.identity`, the email sealed there), so a masked slot loses nothing. Configured in
`endpoints.yml` (`bot.serving.endpoints`). This module is also the one place that changes Rasa itself
(`install_rasa_patches`): Rasa imports it on every start, whatever starts Rasa.
"""
from __future__ import annotations

import asyncio
import json
from typing import Any, Callable, Iterator, List, Optional, Text, TypeVar

import rasa.core.agent
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.log_masking import install as mask_logs
from bot.privacy.pii import mask_nested
from bot.serving import rasa_speedups
from bot.serving.action_guard import send_secret

T = TypeVar("T")
# Event fields that hold what someone wrote; everything else (names, timestamps, confidences) is kept.
_TEXT_FIELDS = ("text", "value", "parse_data", "entities", "data")


def masked_event(event: Event) -> Event:
    """A copy of `event` whose words are masked."""
    data = {key: mask_nested(item) if key in _TEXT_FIELDS else item for key, item in event.as_dict().items()}
    return Event.from_parameters(data)


class MaskingTrackerStore(SQLTrackerStore):
    """Saves what Rasa's SQL tracker store saves, masked, and gives the event broker the same masked
    events. On a database server (PostgreSQL) its queries run in a thread, not in the event loop:
    Rasa's own store waits for each query in the loop, so every other customer of the process waits
    too. SQLite files are used in the loop as Rasa does: one writer at a time."""

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        return (masked_event(event) for event in super()._additional_events(session, tracker))

    async def _off_loop(self, work: Callable[..., T], *args: Any) -> T:
        if self.engine.dialect.name == "sqlite":
            return work(*args)
        return await asyncio.get_running_loop().run_in_executor(None, work, *args)

    async def _retrieve(self, sender_id: Text, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        return await self._off_loop(self._read, sender_id, fetch_events_from_all_sessions)

    def _read(self, sender_id: Text, all_sessions: bool) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=all_sessions).all()
            events = [json.loads(row.data) for row in rows]
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots) if self.domain and events else None

    async def save(self, tracker: DialogueStateTracker) -> None:
        """The events not saved yet, masked, to the database and then to the event broker. Rasa's store
        reads the whole conversation once more to tell the broker what is new; the count of saved
        events that it makes anyway tells the same."""
        new_events = await self._off_loop(self._write_new_events, tracker)
        if self.event_broker:
            await super()._stream_new_events(self.event_broker, new_events, tracker.sender_id)

    def _write_new_events(self, tracker: DialogueStateTracker) -> List[Event]:
        with self.session_scope() as session:
            events = list(self._additional_events(session, tracker))
            for event in events:
                data = event.as_dict()
                intent = (data.get("parse_data") or {}).get("intent", {}).get("name")
                session.add(self.SQLEvent(sender_id=tracker.sender_id, type_name=event.type_name,
                                          timestamp=data.get("timestamp"), intent_name=intent,
                                          action_name=data.get("name"), data=json.dumps(data)))
            session.commit()
        return events


class NoFallbackTrackerStore(FailSafeTrackerStore):
    """Rasa wraps every tracker store in `FailSafeTrackerStore`: on a database error it reads the
    conversation as a new one and keeps it in memory. A customer half-way through a complaint would be
    greeted again in the default language, and what they said then would be gone after a restart.
    Here the error goes up instead: the channel apologises in the customer's language
    (bot.serving.channels.guards), and the conversation goes on where it was once the database is back."""

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._tracker_store.retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._tracker_store.retrieve_full_tracker(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._tracker_store.save(tracker)


def install_rasa_patches() -> None:
    """Every change this project makes to Rasa, installed together (installing twice is harmless):
    log records masked (bot.privacy.log_masking), no silent fallback to a tracker store in memory
    (`NoFallbackTrackerStore`), the shared secret on every call to the action server
    (bot.serving.action_guard) and the action server's answers checked with one reused validator
    (bot.serving.rasa_speedups)."""
    mask_logs()
    rasa.core.agent.FailSafeTrackerStore = NoFallbackTrackerStore
    send_secret()
    rasa_speedups.install()


# Rasa imports this module on every start (endpoints.yml names the store), whatever started it:
# `make run`, `rasa run`, `rasa shell`. It does so before it wraps the store, loads the model or opens a
# channel, and before a message's text can reach a log line.
install_rasa_patches()
