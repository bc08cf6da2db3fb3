"""Case records: one per complaint, created or updated as the complaint moves on. A conversation
may hold several (a second problem, a new complaint after an earlier one ended); its current
case is the newest, and an order has at most one open case at a time.

Persistence and listing only; the decision that fills a case is made elsewhere.
"""
from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any, Iterator, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import ColumnElement

from bot.complaints.decision import INSULTS_BEFORE_HANDOFF, Complaint, Decision, Flags, Reason
from bot.complaints.evidence.finding import Finding
from bot.complaints.evidence.history_evidence import NAME as HISTORY
from bot.complaints.evidence.history_evidence import History
from bot.store.models import Case

IMPORTED = "import:"  # the conversation id of a case imported from the company's history
CASE_REFERENCE = re.compile(r"C-(\d{6})")  # Case.reference


class Status:
    """Every status a case can have, as stored in `Case.status`."""

    OPEN = "open"  # created, nothing decided yet
    OFFERED = "offered"  # goodwill offered, the customer's answer awaited
    QUEUED = "queued"  # waiting for a person
    CLAIMED = "claimed"  # a person has it
    WITH_BOT = "with_bot"  # a person handed it back to the bot
    CLOSED = "closed"
    ALL = (OPEN, OFFERED, QUEUED, CLAIMED, WITH_BOT, CLOSED)


# A case is open while something is still to happen: an answer to an offer, a person's reply.
OPEN_STATUSES = tuple(s for s in Status.ALL if s != Status.CLOSED)
# The status a decision leaves its case in.
STATUS_AFTER = {"goodwill": Status.OFFERED, "explained": Status.CLOSED, "handoff": Status.QUEUED}


def new_case(session: Session, conversation_id: str) -> Case:
    """An empty case in the conversation."""
    case = Case(conversation_id=conversation_id, evidence=[], reasons=[], created_at=datetime.utcnow())
    session.add(case)
    session.flush()
    return case


def conversation_case(session: Session, conversation_id: str) -> Case | None:
    """The conversation's current (newest) case, if it has one (never creates it)."""
    return session.execute(select(Case).where(Case.conversation_id == conversation_id)
                           .order_by(Case.id.desc()).limit(1)).scalar_one_or_none()


def current_case(session: Session, conversation_id: str, reference: str | None) -> Case | None:
    """The case the conversation is about (`reference`, as the customer was given it, "C-000022"),
    if it is one of this conversation's cases."""
    match = CASE_REFERENCE.fullmatch((reference or "").strip())
    case = session.get(Case, int(match.group(1))) if match else None
    return case if case is not None and case.conversation_id == conversation_id else None


def conversation_cases(session: Session, conversation_id: str) -> list[Case]:
    """Every case of the conversation, oldest first."""
    return list(session.execute(select(Case).where(Case.conversation_id == conversation_id)
                                .order_by(Case.id)).scalars())


def open_case_of_order(session: Session, order_id: int) -> Case | None:
    """The order's open case (from any conversation), if it has one."""
    return session.execute(select(Case).where(Case.order_id == order_id, Case.status.in_(OPEN_STATUSES))
                           .order_by(Case.id.desc()).limit(1)).scalar_one_or_none()


def is_current_case(conversation_id_column: ColumnElement) -> ColumnElement:
    """A join condition matching a conversation to its current case only (one row per conversation)."""
    newer = aliased(Case)
    return Case.id == (select(func.max(newer.id)).where(newer.conversation_id == conversation_id_column)
                       .scalar_subquery())


def case_findings(case: Case) -> list[Finding]:
    """The evidence stored with a case, as findings again."""
    return [Finding.from_dict(f) for f in case.evidence or []]


def case_reasons(case: Case) -> tuple[Reason, ...]:
    """The reasons stored with a case, as reasons again."""
    return tuple(Reason(**r) for r in case.reasons or [])


def add_reason(case: Case, reason: Reason) -> None:
    """Record one more reason in the case's decision trail."""
    case.reasons = [*(case.reasons or []), {"rule": reason.rule, "detail": reason.detail}]


def case_decision(case: Case) -> Decision:
    """The decision recorded with a case."""
    return Decision(case.outcome, case_reasons(case), case.remedy, case.amount, case.currency)


# Recorded reasons that say what the customer did, as the decision's flags.
_FLAG_REASONS = {"customer_asked_for_a_person": "human_requested", "legal_threat": "legal_threat",
                 "customer_disputes_the_records": "disputed"}


def case_complaint(case: Case) -> Optional[Complaint]:
    """The complaint a case was decided on, rebuilt from what it recorded (its order, category,
    findings, history and the customer's flags); None when it holds no order or evidence to decide on."""
    findings = case_findings(case)
    if case.order is None or not case.category or not findings:
        return None
    rules = {reason.rule for reason in case_reasons(case)}
    flags = Flags(**{flag: True for rule, flag in _FLAG_REASONS.items() if rule in rules},
                  insults=INSULTS_BEFORE_HANDOFF if "repeated_insults" in rules else 0)
    history = History.among(findings)
    return Complaint(category=case.category, order_value=case.order.value, shipping_fee=case.order.shipping_fee,
                     currency=case.order.currency, findings=[f for f in findings if f.check != HISTORY],
                     history=history, desired_remedy=case.desired_remedy, flags=flags)


def case_row(case: Case) -> dict[str, Any]:
    """A case as a JSON-ready dict (the `cases --json` line format)."""
    return {
        "case": case.reference,
        "conversation_id": case.conversation_id,
        "language": case.language,
        "category": case.category,
        "order_id": case.order.reference if case.order else None,
        "outcome": case.outcome,
        "remedy": case.remedy,
        "amount": str(case.amount) if isinstance(case.amount, Decimal) else case.amount,
        "currency": case.currency,
        "claimed_amount": case.claimed_amount,
        "reasons": case.reasons,
        "evidence": case.evidence,
        "status": case.status,
        "customer_answer": case.customer_answer,
        "csat_rating": case.csat_rating,
        "csat_resolved_by": case.csat_resolved_by,
        "csat_comment": case.csat_comment,
        "created_at": case.created_at.isoformat(timespec="seconds"),
        "updated_at": case.updated_at.isoformat(timespec="seconds") if case.updated_at else None,
    }


def iter_cases(session: Session, include_imported: bool = False) -> Iterator[Case]:
    """Cases oldest first; imported history is left out unless asked for."""
    query = select(Case).order_by(Case.id)
    if not include_imported:
        query = query.where(Case.conversation_id.not_like(f"{IMPORTED}%"))
    yield from session.execute(query).scalars()
