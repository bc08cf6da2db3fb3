"""Case records: one per complaint conversation, created or updated as the complaint moves on.

Persistence and listing only; the decision that fills a case is made elsewhere.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.evidence.finding import Finding
from bot.store.models import Case


def case_for(session: Session, conversation_id: str) -> Case:
    """The conversation's case, created empty on first use."""
    case = conversation_case(session, conversation_id)
    if case is None:
        case = Case(conversation_id=conversation_id, evidence=[], reasons=[], created_at=datetime.utcnow())
        session.add(case)
        session.flush()
    return case


def conversation_case(session: Session, conversation_id: str) -> Case | None:
    """The conversation's case, if it has one (never creates it)."""
    return session.execute(select(Case).where(Case.conversation_id == conversation_id)).scalar_one_or_none()


def case_findings(case: Case) -> list[Finding]:
    """The evidence stored with a case, as findings again."""
    return [Finding.from_dict(f) for f in case.evidence or []]


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
        "created_at": case.created_at.isoformat(timespec="seconds"),
        "updated_at": case.updated_at.isoformat(timespec="seconds") if case.updated_at else None,
    }


def iter_cases(session: Session, include_imported: bool = False) -> Iterator[Case]:
    """Cases oldest first; imported history is left out unless asked for."""
    query = select(Case).order_by(Case.id)
    if not include_imported:
        query = query.where(Case.conversation_id.not_like("import:%"))
    yield from session.execute(query).scalars()
