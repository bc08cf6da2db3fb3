"""Warranty evidence: is a defective product still within its warranty window?

Counts from the delivery scan (else the order date); it does not look at repair reports.
"""
from __future__ import annotations

import calendar
from datetime import datetime

from bot.evidence.delivery_evidence import latest_shipment
from bot.evidence.finding import Finding
from bot.store.models import Order

CHECK = "warranty_evidence"


def add_months(start: datetime, months: int) -> datetime:
    """`start` plus whole calendar months, clamped to the month's last day."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return start.replace(year=year, month=month, day=day)


def _warranty_start(order: Order) -> datetime:
    shipment = latest_shipment(order)
    delivered = [e.at for e in shipment.events if e.code == "delivered"] if shipment else []
    return delivered[-1] if delivered else order.placed_at


def warranty_evidence(order: Order, now: datetime) -> Finding:
    """The item whose warranty runs longest decides: within it supports, past it contradicts."""
    start = _warranty_start(order)
    covered = [(add_months(start, i.product.warranty_months), i) for i in order.items if i.product.warranty_months]
    if not covered:
        return Finding(CHECK, "unclear", "no_warranty_on_record")
    ends, item = max(covered, key=lambda pair: pair[0])
    details = {"sku": item.sku, "product": item.product.name, "months": item.product.warranty_months,
               "from": start.isoformat(), "until": ends.isoformat()}
    if ends >= now:
        return Finding(CHECK, "supports", "within_warranty", True, details)
    return Finding(CHECK, "contradicts", "warranty_expired", True, details)
