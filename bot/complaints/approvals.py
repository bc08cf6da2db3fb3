"""Goodwill above the policy's caps waits for a lead: the caps a person closing a case is held to
(the ones the bot is held to), and the one approval queue. People's closes go through it now; the
bot's own large remedies are to join it. Each request and decision keeps who made it, and a request
is decided once, however often a lead clicks.

Rules and the queue only; closing the case is bot.console.takeover's.
"""
from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.complaints.decision import CENT, in_currency, refund_cap
from bot.complaints.policy import Policy
from bot.store.models import Approval, Case


class ApprovalStatus:
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"


def staff_cap(case: Case, remedy: str, policy: Policy) -> Decimal:
    """The most a person may give alone for `remedy` on `case`, in the order's currency: the
    category's refund cap (a share of the order and an absolute amount), its voucher, the order's
    value for a replacement or repair; nothing for a case without a known order or category."""
    rules = policy.categories.get(case.category or "")
    order = case.order
    if rules is None or order is None or order.currency not in policy.rates:
        return Decimal("0")
    rate = policy.rates[order.currency]
    if remedy == "voucher":
        return in_currency(rules.voucher, rate)
    if remedy in ("replacement", "repair"):
        return order.value
    if remedy == "refund":
        return refund_cap(rules, order.value, rate).quantize(CENT, rounding=ROUND_HALF_UP)
    return Decimal("0")


def request_approval(session: Session, case: Case, *, asked_by: str, remedy: str, amount: Decimal, cap: Decimal,
                     currency: str, note: str, now: datetime) -> Approval:
    approval = Approval(case_id=case.id, remedy=remedy, amount=amount, cap=cap, currency=currency, note=note,
                        requested_by=asked_by, requested_at=now, status=ApprovalStatus.PENDING)
    session.add(approval)
    session.flush()
    return approval


def pending_for(session: Session, case_id: int) -> Optional[Approval]:
    """The case's request still waiting for a lead, if any."""
    return session.execute(select(Approval).where(Approval.case_id == case_id,
                                                  Approval.status == ApprovalStatus.PENDING)).scalars().first()


def approvals(session: Session, *, limit: int = 50) -> list[Approval]:
    """Pending requests first (oldest first), then the latest decided."""
    waiting = list(session.execute(select(Approval).where(Approval.status == ApprovalStatus.PENDING)
                                   .order_by(Approval.requested_at)).scalars())
    decided = list(session.execute(select(Approval).where(Approval.status != ApprovalStatus.PENDING)
                                   .order_by(Approval.decided_at.desc()).limit(limit)).scalars())
    return waiting + decided


def decide(session: Session, approval_id: int, *, lead: str, approve: bool, now: datetime) -> Optional[Approval]:
    """Record the lead's decision; the request when this call decided it, None when it was no
    longer pending (decided already, by this lead's other click or another lead)."""
    status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
    changed = session.execute(update(Approval).where(Approval.id == approval_id,
                                                     Approval.status == ApprovalStatus.PENDING)
                              .values(status=status, decided_by=lead, decided_at=now)).rowcount
    if changed != 1:
        return None
    approval = session.get(Approval, approval_id)
    session.refresh(approval)
    return approval
