"""History evidence: the customer's earlier complaints and goodwill within a rolling window.

Counts rows only; the limits are in the policy file and applied by the decision.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Iterable, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.complaints.evidence.finding import Finding
from bot.store.models import Case, GoodwillGrant, Order

NAME = "history_evidence"


@dataclass(frozen=True)
class History:
    """What the customer had before this complaint, counted over `window_days`."""

    window_days: int
    prior_complaints: int
    prior_goodwill: int
    goodwill_for_this_order: int

    def as_finding(self) -> Finding:
        """The history as the case records it beside the other findings (context only)."""
        return Finding(check=NAME, verdict="neutral", fact="customer_history", certified=True, details=asdict(self))

    @classmethod
    def among(cls, findings: Iterable[Finding]) -> Optional["History"]:
        """The history a case recorded among its findings, if it has one."""
        recorded = next((f for f in findings if f.check == NAME), None)
        return cls(**recorded.details) if recorded is not None else None


def history_evidence(session: Session, order: Order, now: datetime, window_days: int,
                     conversation_id: str | None = None) -> History:
    """Earlier complaints and goodwill for this customer, and goodwill already given for this order."""
    since = now - timedelta(days=window_days)
    complaints = select(func.count()).select_from(Case).where(
        Case.customer_id == order.customer_id, Case.created_at >= since)
    if conversation_id is not None:
        complaints = complaints.where((Case.conversation_id != conversation_id) | Case.conversation_id.is_(None))
    goodwill = select(func.count()).select_from(GoodwillGrant).where(
        GoodwillGrant.customer_id == order.customer_id, GoodwillGrant.granted_at >= since)
    for_order = select(func.count()).select_from(GoodwillGrant).where(GoodwillGrant.order_id == order.id)
    return History(window_days=window_days,
                   prior_complaints=session.execute(complaints).scalar_one(),
                   prior_goodwill=session.execute(goodwill).scalar_one(),
                   goodwill_for_this_order=session.execute(for_order).scalar_one())
