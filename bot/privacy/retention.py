"""The retention period: conversations, closed cases and carriers' tracking updates older than the
policy's `privacy.retention_days` are forgotten. Safe to run again and again (from cron): what was
forgotten is not found twice, and open cases wait until they close.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.complaints.cases import OPEN_STATUSES
from bot.privacy.forgetting import FORGOTTEN, forget_case, forget_conversations
from bot.store.models import Case, ConversationSummary, TrackingUpdate
from bot.store.tracker_events import EVENTS, has_events_table


@dataclass(frozen=True)
class Purge:
    """What a purge did, in numbers."""

    before: datetime
    conversations: int
    tracker_events: int
    cases: int
    tracking_updates: int


def _old_conversations(session: Session, tracker: Engine, before: datetime) -> set[str]:
    """Conversations whose last event is older than `before`: from Rasa's events, and any the
    console's index still lists."""
    ids = set(session.execute(select(ConversationSummary.conversation_id)
                              .where(ConversationSummary.last_at < before)).scalars())
    if has_events_table(tracker):
        query = (select(EVENTS.c.sender_id).group_by(EVENTS.c.sender_id)
                 .having(func.max(EVENTS.c.timestamp) < before.timestamp()))
        with tracker.connect() as connection:
            ids |= set(connection.execute(query).scalars())
    return ids


def purge(session: Session, tracker: Engine, retention_days: int, now: datetime | None = None) -> Purge:
    """Forget what is older than `retention_days`; the caller commits."""
    before = (now or datetime.utcnow()) - timedelta(days=retention_days)
    conversations = _old_conversations(session, tracker, before)
    open_ids = set(session.execute(select(Case.conversation_id).where(Case.status.in_(OPEN_STATUSES))).scalars())
    conversations -= open_ids  # a case still being handled keeps its conversation
    cases = list(session.execute(select(Case).where(
        func.coalesce(Case.updated_at, Case.created_at) < before, Case.status.not_in(OPEN_STATUSES),
        Case.conversation_id.is_(None) | Case.conversation_id.not_like(f"{FORGOTTEN}%"))).scalars())
    events = forget_conversations(session, tracker, conversations)
    for case in cases:
        forget_case(session, case)
    updates = session.execute(delete(TrackingUpdate).where(TrackingUpdate.received_at < before)).rowcount
    return Purge(before, len(conversations), events, len(cases), updates)
