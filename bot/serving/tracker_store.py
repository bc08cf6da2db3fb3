"""Rasa's SQL tracker store, with customers' personal data masked before anything is saved: the
words of every message (and the parse data's copy of them), the bot's replies and slot values;
the event broker (RabbitMQ) is given the same masked events; and without Rasa's silent fallback to
memory when the database is down.

What the bot needs again later is not in these words: an order is proven in our own store
(`bot.orders.identity`, the email sealed there), so a masked slot loses nothing. Configured in
`endpoints.yml` (`bot.serving.endpoints`); the fallback is removed by `install`, which the Rasa server
calls at start (bot.serving.rasa_server).
"""
from __future__ import annotations

from typing import Any, Iterator, List, Optional, Text

import rasa.core.agent
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import FailSafeTrackerStore, SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.pii import mask_nested

# Event fields that hold what someone wrote; everything else (names, timestamps, confidences) is kept.
_TEXT_FIELDS = ("text", "value", "parse_data", "entities", "data")


def masked_event(event: Event) -> Event:
    """A copy of `event` whose words are masked."""
    data = {key: mask_nested(item) if key in _TEXT_FIELDS else item for key, item in event.as_dict().items()}
    return Event.from_parameters(data)


class MaskingTrackerStore(SQLTrackerStore):
    """Saves what Rasa's SQL tracker store saves, masked."""

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        return (masked_event(event) for event in super()._additional_events(session, tracker))

    async def _stream_new_events(self, event_broker: EventBroker, new_events: List[Event], sender_id: Text) -> None:
        """The event broker keeps what it is given until someone reads it: it is given the events masked."""
        await super()._stream_new_events(event_broker, [masked_event(event) for event in new_events], sender_id)


class NoFallbackTrackerStore(FailSafeTrackerStore):
    """Rasa wraps every tracker store in `FailSafeTrackerStore`: on a database error it reads the
    conversation as a new one and keeps it in memory. A customer half-way through a complaint would be
    greeted again in the default language, and what they said then would be gone after a restart.
    Here the error goes up instead: the channel apologises in the customer's language
    (bot.serving.channels), and the conversation goes on where it was once the database is back."""

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._tracker_store.retrieve(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        return await self._tracker_store.retrieve_full_tracker(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self._tracker_store.save(tracker)


def install() -> None:
    """The Rasa server wraps its tracker store in `NoFallbackTrackerStore` instead."""
    rasa.core.agent.FailSafeTrackerStore = NoFallbackTrackerStore
