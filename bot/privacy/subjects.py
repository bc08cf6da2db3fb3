"""One customer's data, found by their email: exported (everything we hold, as JSON) or erased.

Finds by the company's customer records (an email may belong to several), by the conversations
in which the email proved an order or was given to be answered at (its keyed digest), and by older
conversations whose saved words still show it; the caller commits.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.complaints.cases import IMPORTED, case_row
from bot.privacy.email_vault import email_digest, unseal
from bot.privacy.forgetting import FORGOTTEN, forget_case, forget_conversations
from bot.store.like import ESCAPE, containing
from bot.store.models import Case, Customer, GoodwillGrant, Verification
from bot.store.tracker_events import EVENTS, conversation_events, has_events_table


def subject_key(email: str) -> str:
    """What the audit log keeps instead of the email: a digest that names nobody by itself."""
    return "subject:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


@dataclass(frozen=True, kw_only=True)
class Subject:
    """Everything we hold that belongs to one email."""

    email: str
    customers: list[Customer]
    cases: list[Case]
    grants: list[GoodwillGrant]
    verifications: list[Verification]
    conversation_ids: list[str]


def _conversations_naming(tracker: Engine, email: str) -> set[str]:
    """Conversations in whose events the email was written (in any case)."""
    if not has_events_table(tracker):
        return set()
    query = (select(EVENTS.c.sender_id).where(func.lower(EVENTS.c.data).like(containing(email.lower()), escape=ESCAPE))
             .distinct())
    with tracker.connect() as connection:
        return set(connection.execute(query).scalars())


def find_subject(session: Session, tracker: Engine, email: str) -> Subject:
    """The customers with this email, their cases and goodwill, and their conversations."""
    email = email.strip()
    customers = list(session.execute(select(Customer).where(func.lower(Customer.email) == email.lower())
                                     .order_by(Customer.id)).scalars())
    ids = [c.id for c in customers]
    verifications = list(session.execute(select(Verification).where(Verification.email_digest == email_digest(email))
                                         .order_by(Verification.id)).scalars())
    conversation_ids = {v.conversation_id for v in verifications}
    conversation_ids |= _conversations_naming(tracker, email) if email else set()
    cases = list(session.execute(select(Case).where(or_(Case.customer_id.in_(ids),
                                                        Case.conversation_id.in_(conversation_ids),
                                                        Case.follow_up_email_digest == email_digest(email)))
                                 .order_by(Case.id)).scalars())
    conversation_ids |= {c.conversation_id for c in cases if c.conversation_id and not c.conversation_id.startswith(
        (IMPORTED, FORGOTTEN))}
    grants = list(session.execute(select(GoodwillGrant).where(or_(
        GoodwillGrant.customer_id.in_(ids), GoodwillGrant.case_id.in_([c.id for c in cases])))
        .order_by(GoodwillGrant.id)).scalars())
    return Subject(email=email, customers=customers, cases=cases, grants=grants, verifications=verifications,
                   conversation_ids=sorted(conversation_ids))


def _money(value: Any) -> str | None:
    return None if value is None else str(value)


def export_subject(session: Session, tracker: Engine, email: str) -> dict[str, Any]:
    """Everything we hold about the email's owner, ready for JSON."""
    subject = find_subject(session, tracker, email)
    return {
        "email": subject.email,
        "customers": [{"reference": c.reference, "name": c.name, "email": c.email, "phone": c.phone,
                       "language": c.language, "orders": [o.reference for o in c.orders]}
                      for c in subject.customers],
        "cases": [{**case_row(c), "details": c.details, "resolution_note": c.resolution_note,
                   "email_given_for_answers": unseal(c.follow_up_email_sealed) if c.follow_up_email_sealed else None}
                  for c in subject.cases],
        "verified_emails": [{"conversation_id": v.conversation_id, "order": v.order.reference,
                             "email": unseal(v.email_sealed),
                             "verified_at": v.verified_at.isoformat(timespec="seconds")}
                            for v in subject.verifications],
        "goodwill": [{"remedy": g.remedy, "amount": _money(g.amount), "currency": g.currency,
                      "granted_at": g.granted_at.isoformat(timespec="seconds"),
                      "case": f"C-{g.case_id:06d}" if g.case_id else None} for g in subject.grants],
        "conversations": [{"conversation_id": cid, "messages": [
            {"at": e.at.isoformat(timespec="seconds"), "from": "customer" if e.type == "user" else "bot",
             "text": e.data.get("text")}
            for e in conversation_events(tracker, cid) if e.type in ("user", "bot") and e.data.get("text")]}
            for cid in subject.conversation_ids],
    }


@dataclass(frozen=True)
class Erasure:
    """What an erasure did, in numbers (what the audit log keeps)."""

    conversations: int
    tracker_events: int
    cases: int
    grants: int


def erase_subject(session: Session, tracker: Engine, email: str) -> Erasure:
    """Delete the email's conversations and forget its cases; goodwill amounts stay for the books
    without the person. The company's own customer and order records are not ours to erase."""
    subject = find_subject(session, tracker, email)
    events = forget_conversations(session, tracker, subject.conversation_ids)
    for case in subject.cases:
        forget_case(session, case)
    ids = [c.id for c in subject.customers]
    if ids:
        session.execute(update(GoodwillGrant).where(GoodwillGrant.customer_id.in_(ids))
                        .values(customer_id=None, order_id=None))
    return Erasure(len(subject.conversation_ids), events, len(subject.cases), len(subject.grants))
