"""Forgetting a conversation or a case: shared by a customer's erasure and the retention purge.

A forgotten conversation is deleted (Rasa's events, the console's summary, the sealed email
proven in it, the widgets that show it now); a forgotten case
keeps what the books and the figures need (category, outcome, remedy, amount, language, dates,
the decision's rule codes) and loses everything that could point to the person.
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.store.models import Case, ConversationSummary, GoodwillGrant, Verification, WidgetConnection
from bot.store.tracker_events import EVENTS, has_events_table

# A forgotten case's conversation id: it no longer names a conversation.
FORGOTTEN = "forgotten:"


def is_forgotten(case: Case) -> bool:
    return (case.conversation_id or "").startswith(FORGOTTEN)


def forget_case(session: Session, case: Case) -> None:
    """Keep the case for the figures, without the person: no words, no order, no evidence."""
    case.conversation_id = f"{FORGOTTEN}{case.id}"
    case.customer_id = case.order_id = None
    case.details = case.claimed_amount = case.resolution_note = case.csat_comment = None
    case.follow_up_email_sealed = case.follow_up_email_digest = None
    case.evidence = []
    case.reasons = [{"rule": r.get("rule", ""), "detail": ""} for r in case.reasons or []]
    session.execute(update(GoodwillGrant).where(GoodwillGrant.case_id == case.id)
                    .values(customer_id=None, order_id=None))


def forget_conversations(session: Session, tracker: Engine, conversation_ids: Iterable[str]) -> int:
    """Delete the conversations from Rasa's tracker store, the console's index and the emails
    proven in them; how many
    tracker events went. Call it before changing anything else in `session`."""
    ids = sorted(set(conversation_ids))
    if not ids:
        return 0
    deleted = 0
    if has_events_table(tracker):  # first, in its own transaction: the tracker may share a SQLite file
        with tracker.begin() as connection:
            deleted = connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(ids))).rowcount
    session.execute(delete(ConversationSummary).where(ConversationSummary.conversation_id.in_(ids)))
    session.execute(delete(Verification).where(Verification.conversation_id.in_(ids)))
    session.execute(delete(WidgetConnection).where(WidgetConnection.conversation_id.in_(ids)))
    return deleted
