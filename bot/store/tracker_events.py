"""Reading Rasa's SQL tracker store (the `events` table Rasa writes) without going through Rasa.

Read-only, for the console, privacy and catch-up alike: nothing here writes Rasa's table; changes to a
conversation go through Rasa's HTTP API.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Iterator, Optional

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, func, inspect, select
from sqlalchemy.engine import Engine

# The columns of Rasa 3.6's SQLTrackerStore table, as Rasa creates them.
EVENTS = Table(
    "events", MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


@dataclass(frozen=True)
class TrackerEvent:
    id: int
    conversation_id: str
    type: str
    at: datetime
    data: dict[str, Any]


def _event(row: Any) -> TrackerEvent:
    try:
        data = json.loads(row.data or "{}")
    except ValueError:
        data = {}
    return TrackerEvent(row.id, row.sender_id, row.type_name, datetime.utcfromtimestamp(row.timestamp or 0), data)


def has_events_table(engine: Engine) -> bool:
    """False until Rasa has saved its first conversation."""
    return inspect(engine).has_table("events")


def events_after(engine: Engine, last_id: int, limit: int) -> list[TrackerEvent]:
    """Every conversation's events with an id above `last_id`, oldest first."""
    query = select(EVENTS).where(EVENTS.c.id > last_id).order_by(EVENTS.c.id).limit(limit)
    with engine.connect() as connection:
        return [_event(row) for row in connection.execute(query)]


def conversation_events(engine: Engine, conversation_id: str, after_id: int = 0,
                        since: Optional[datetime] = None) -> list[TrackerEvent]:
    """One conversation's events, oldest first, optionally only those newer than `after_id`, or
    than `since` (UTC)."""
    if not has_events_table(engine):
        return []
    query = (select(EVENTS).where(EVENTS.c.sender_id == conversation_id, EVENTS.c.id > after_id)
             .order_by(EVENTS.c.id))
    if since is not None:
        query = query.where(EVENTS.c.timestamp > since.replace(tzinfo=timezone.utc).timestamp())
    with engine.connect() as connection:
        return [_event(row) for row in connection.execute(query)]


def user_event_with_message_id(engine: Engine, conversation_id: str, message_id: str) -> Optional[int]:
    """The id of the conversation's user event saved with `message_id`, if there is one. Looks for it
    in the saved JSON, through the index on the conversation, without reading the conversation."""
    marker = f'"message_id": {json.dumps(message_id)}'
    query = (select(EVENTS.c.id).where(EVENTS.c.sender_id == conversation_id, EVENTS.c.type_name == "user",
                                       EVENTS.c.data.contains(marker, autoescape=True))
             .order_by(EVENTS.c.id.desc()).limit(1))
    with engine.connect() as connection:
        return connection.execute(query).scalar_one_or_none()


def language_up_to(engine: Engine, conversation_id: str, event_id: int) -> Optional[str]:
    """The conversation's `language` slot as it stood after event `event_id` (reads slot events only)."""
    if not has_events_table(engine):
        return None
    query = (select(EVENTS).where(EVENTS.c.sender_id == conversation_id, EVENTS.c.type_name == "slot",
                                  EVENTS.c.id <= event_id).order_by(EVENTS.c.id.desc()))
    with engine.connect() as connection:
        for row in connection.execute(query):
            data = _event(row).data
            if data.get("name") == "language" and data.get("value"):
                return data["value"]
    return None


def conversations_events(engine: Engine, conversation_ids: Iterable[str]) -> Iterator[TrackerEvent]:
    """Several conversations' events, grouped by conversation, each oldest first (for exports)."""
    ids = list(conversation_ids)
    if not ids or not has_events_table(engine):
        return
    with engine.connect() as connection:
        for start in range(0, len(ids), 500):
            query = (select(EVENTS).where(EVENTS.c.sender_id.in_(ids[start:start + 500]))
                     .order_by(EVENTS.c.sender_id, EVENTS.c.id))
            for row in connection.execute(query):
                yield _event(row)


def max_event_id(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.coalesce(func.max(EVENTS.c.id), 0))).scalar_one()
