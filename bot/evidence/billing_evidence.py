"""Billing evidence: the payments ledger of an order (charges, refunds, pre-authorisations).

Reads the ledger only; whether to refund is the decision's job.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal

from bot.evidence.finding import Finding
from bot.store.models import Order

CHECK = "billing_evidence"


def billing_evidence(order: Order, now: datetime) -> Finding:
    """Duplicate charges support the customer; a released hold, an issued refund or a single
    correct charge contradict them."""
    entries = order.payments
    if not entries:
        return Finding(CHECK, "unclear", "no_ledger_entries")
    charges = [p for p in entries if p.kind == "charge"]
    refunded = sum((p.amount for p in entries if p.kind == "refund"), Decimal("0"))
    by_amount = Counter(p.amount for p in charges)
    duplicated = sorted(a for a, n in by_amount.items() if n > 1)
    if duplicated:
        extra = sum((a * (by_amount[a] - 1) for a in duplicated), Decimal("0")) - refunded
        if extra > 0:
            dates = [p.at.isoformat() for p in charges if p.amount in duplicated]
            return Finding(CHECK, "supports", "duplicate_charge", True,
                           {"amount": str(extra), "currency": order.currency, "charged_at": dates})
    released = [p for p in entries if p.kind == "preauth_release"]
    if released:
        return Finding(CHECK, "contradicts", "preauth_released", True,
                       {"amount": str(released[-1].amount), "currency": order.currency,
                        "released_at": released[-1].at.isoformat()})
    refunds = [p for p in entries if p.kind == "refund"]
    if refunds:
        return Finding(CHECK, "contradicts", "refund_issued", True,
                       {"amount": str(refunds[-1].amount), "currency": order.currency,
                        "refunded_at": refunds[-1].at.isoformat(), "reference": refunds[-1].reference})
    charged = sum((p.amount for p in charges), Decimal("0"))
    if charged == order.value + order.shipping_fee:
        return Finding(CHECK, "contradicts", "charged_once_correctly", True,
                       {"amount": str(charged), "currency": order.currency,
                        "charged_at": charges[-1].at.isoformat() if charges else None})
    return Finding(CHECK, "unclear", "charges_differ_from_order",
                   details={"charged": str(charged), "order_total": str(order.value + order.shipping_fee)})
