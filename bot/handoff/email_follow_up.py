"""When nobody can answer a handed-off customer in the chat (the office is closed, or everyone is
busy), a person answers by email too, to the address the customer proved for the order, or, when
they proved none, to one they give when asked and so agree to: the customer is told so, the case
remembers the promise (the console's "waiting for email"), and the agent's reply goes by email on
its own, as it does when the customer has left the chat.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy.orm import Session

from bot.handoff.widget_presence import customer_present
from bot.orders.identity import proven_email
from bot.privacy.email_vault import email_digest, seal, unseal
from bot.privacy.pii import mask_personal_data
from bot.store.models import Case


@dataclass(frozen=True)
class AnswerAddress:
    """Where a person may answer a case by email. `proven`: the customer proved it for the case's
    order (the answer may then name the order's facts); else they only gave it, agreeing to it."""

    email: str
    proven: bool


def answer_address(session: Session, case: Case) -> Optional[AnswerAddress]:
    """The address the customer proved for the case's order in this conversation, else one they
    gave when asked; None without either."""
    if case.order_id and (proven := proven_email(session, case.conversation_id, case.order_id)):
        return AnswerAddress(proven, True)
    return AnswerAddress(unseal(case.follow_up_email_sealed), False) if case.follow_up_email_sealed else None


def promise_email(session: Session, case: Case, now: datetime) -> Optional[str]:
    """Record that a person will answer `case` by email; the address as the customer is shown it
    (masked). None, and no promise, when the case has no address to answer at (see answer_address)."""
    address = answer_address(session, case)
    if address is None:
        return None
    case.email_promised_at = now
    return mask_personal_data(address.email)


def promised_address(session: Session, case: Case) -> Optional[str]:
    """The address `case`'s customer was promised an answer at, masked as they are shown it."""
    address = answer_address(session, case) if answers_by_email(case) else None
    return mask_personal_data(address.email) if address else None


def consent_to_email(session: Session, case: Case, email: str, now: datetime) -> str:
    """The customer, asked, gave `email` to be answered at: kept sealed with the case, the consent
    and the promise recorded; the address as the customer is shown it (masked)."""
    case.follow_up_email_sealed, case.follow_up_email_digest = seal(email), email_digest(email)
    case.follow_up_consent_at = now
    return promise_email(session, case, now) or ""


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
    if customer_present(session, case.conversation_id, now):
        return None
    return EmailBecause.LEFT if answer_address(session, case) else None


def first_reply(case: Case, now: datetime) -> None:
    """Remember when a person first answered the case (for the time-to-first-reply figures)."""
    if case.first_reply_at is None:
        case.first_reply_at = now
