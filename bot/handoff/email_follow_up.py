"""When nobody can answer a handed-off customer in the chat (the office is closed, or everyone is
busy), a person answers by email too, to the address the customer proved for the order: the
customer is told so, the case remembers the promise (the console's "waiting for email"), and the
agent's reply goes by email on its own, as it does when the customer has left the chat.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy.orm import Session

from bot.handoff.widget_presence import customer_present
from bot.identity import proven_email
from bot.pii import mask_personal_data
from bot.store.models import Case


def promise_email(session: Session, case: Case, now: datetime) -> Optional[str]:
    """Record that a person will answer `case` by email; the address as the customer is shown it
    (masked). None, and no promise, when they proved no email for the case's order here."""
    address = proven_email(session, case.conversation_id, case.order_id) if case.order_id else None
    if address is None:
        return None
    case.email_promised_at = now
    return mask_personal_data(address)


class EmailBecause:
    """Why a person's reply also goes by email (kept in the audit log)."""

    ASKED = "asked"  # the agent ticked the box
    PROMISED = "promised"  # the customer was told it would
    LEFT = "customer left"  # nobody has the chat open, and the customer proved an email here


def answers_by_email(case: Case) -> bool:
    """Whether the customer was promised an answer by email."""
    return case.email_promised_at is not None


def reply_by_email(session: Session, case: Case, *, asked: bool, now: datetime) -> Optional[str]:
    """Why a person's reply on `case` goes by email too (an EmailBecause), or None when it stays in
    the chat: a customer with the chat open and no promise, or one who left without proving an email."""
    if asked:
        return EmailBecause.ASKED
    if answers_by_email(case):
        return EmailBecause.PROMISED
    if customer_present(session, case.conversation_id, now) or not case.order_id:
        return None
    return EmailBecause.LEFT if proven_email(session, case.conversation_id, case.order_id) else None


def first_reply(case: Case, now: datetime) -> None:
    """Remember when a person first answered the case (for the time-to-first-reply figures)."""
    if case.first_reply_at is None:
        case.first_reply_at = now
