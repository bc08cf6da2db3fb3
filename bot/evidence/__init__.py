"""Evidence checks by complaint category: which checks to run and running them.

The checks themselves are the sibling modules, one per kind of evidence.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy.orm import Session

from bot.evidence.billing_evidence import billing_evidence
from bot.evidence.damaged_evidence import damaged_evidence
from bot.evidence.delivery_evidence import delivery_evidence
from bot.evidence.finding import Finding
from bot.evidence.history_evidence import history_evidence
from bot.evidence.repair_evidence import repair_evidence
from bot.evidence.warranty_evidence import warranty_evidence
from bot.evidence.wrong_item_evidence import wrong_item_evidence
from bot.store.models import Order

Check = Callable[[Order, datetime], Finding]

# Every check takes (order, now). Service complaints have no record to check: the policy
# believes the customer.
CHECKS_BY_CATEGORY: dict[str, list[Check]] = {
    "delivery": [delivery_evidence],
    "damaged": [damaged_evidence],
    "defective": [warranty_evidence, repair_evidence],
    "wrong_item": [wrong_item_evidence],
    "billing": [billing_evidence],
    "service": [],
}


def collect_evidence(session: Session, order: Order, category: str, now: datetime,
                     window_days: int, conversation_id: str | None = None) -> list[Finding]:
    """Run the category's checks and the history check, in that order."""
    findings = [check(order, now) for check in CHECKS_BY_CATEGORY[category]]
    findings.append(history_evidence(session, order, now, window_days, conversation_id))
    return findings


__all__ = ["Finding", "collect_evidence", "CHECKS_BY_CATEGORY"]
