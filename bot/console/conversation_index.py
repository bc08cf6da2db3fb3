"""Keeps the `conversations` summary table up to date from Rasa's tracker store.

Reads new tracker events since the last run and folds them in; it never changes a conversation.
Incremental, so the console's list stays fast however many conversations there are.
"""
from __future__ import annotations

import threading

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.language import SUPPORTED
from bot.privacy.pii import mask_personal_data
from bot.store.models import ConversationIndexState, ConversationSummary
from bot.store.tracker_events import TrackerEvent, events_after, has_events_table, max_event_id

BATCH = 5000
SEARCH_TEXT_LIMIT = 4000
_one_at_a_time = threading.Lock()


def sync(tracker_engine: Engine, session: Session) -> int:
    """Folds every tracker event not yet seen into the summaries; returns how many were read.

    If the tracker store was emptied or replaced (its newest event is older than ours), the
    index is rebuilt from the start.
    """
    if not has_events_table(tracker_engine):
        return 0
    with _one_at_a_time:
        state = session.get(ConversationIndexState, 1, with_for_update=True)
        if state is None:
            state = ConversationIndexState(id=1, last_event_id=0)
            session.add(state)
        if max_event_id(tracker_engine) < state.last_event_id:
            session.execute(delete(ConversationSummary))
            state.last_event_id = 0
        read = 0
        while events := events_after(tracker_engine, state.last_event_id, BATCH):
            _fold(session, events)
            state.last_event_id = events[-1].id
            read += len(events)
            session.flush()
        return read


def _fold(session: Session, events: list[TrackerEvent]) -> None:
    ids = {event.conversation_id for event in events}
    summaries = {s.conversation_id: s for s in session.execute(
        select(ConversationSummary).where(ConversationSummary.conversation_id.in_(ids))).scalars()}
    for event in events:
        summary = summaries.get(event.conversation_id)
        if summary is None:
            summary = ConversationSummary(conversation_id=event.conversation_id, started_at=event.at,
                                          last_at=event.at, user_turns=0, bot_turns=0, paused=False,
                                          search_text="")
            session.add(summary)
            summaries[event.conversation_id] = summary
        _apply(summary, event)


def _apply(summary: ConversationSummary, event: TrackerEvent) -> None:
    summary.last_at = max(summary.last_at, event.at)
    if event.type == "user":
        summary.user_turns += 1
        text = mask_personal_data(event.data.get("text") or "").lower()
        if len(summary.search_text) < SEARCH_TEXT_LIMIT and text:
            summary.search_text = (summary.search_text + "\n" + text)[:SEARCH_TEXT_LIMIT]
    elif event.type == "bot":
        summary.bot_turns += 1
    elif event.type == "slot" and event.data.get("name") == "language":
        if event.data.get("value") in SUPPORTED:
            summary.language = event.data["value"]
    elif event.type in ("pause", "resume"):
        summary.paused = event.type == "pause"
