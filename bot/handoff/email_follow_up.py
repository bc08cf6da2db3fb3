"""When nobody can answer a handed-off customer in the chat (the office is closed, or everyone is
busy), a person answers by email too, to the address the customer proved for the order: the
customer is told so, the case remembers the promise (the console's "waiting for email"), and the
agent's reply goes by email on its own.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy.orm import Session

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


def answers_by_email(case: Case) -> bool:
    """Whether a person's reply on the case must also go by email (it was promised)."""
    return case.email_promised_at is not None


def first_reply(case: Case, now: datetime) -> None:
    """Remember when a person first answered the case (for the time-to-first-reply figures)."""
    if case.first_reply_at is None:
        case.first_reply_at = now
