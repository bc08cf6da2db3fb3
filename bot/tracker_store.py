"""Rasa's SQL tracker store, with customers' personal data masked before anything is saved: the
words of every message (and the parse data's copy of them), the bot's replies and slot values.

What the bot needs again later is not in these words: an order is proven in our own store
(`bot.identity`, the email sealed there), so a masked slot loses nothing. Configured in
`endpoints.yml` (`bot.endpoints`).
"""
from __future__ import annotations

from typing import Any, Iterator

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from bot.pii import mask_nested

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
