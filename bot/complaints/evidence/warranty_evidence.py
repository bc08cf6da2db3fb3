"""Warranty evidence: is a defective product still within its warranty window?

Counts from the delivery scan (else the order date); it does not look at repair reports.
"""
from __future__ import annotations

import calendar
from datetime import datetime

from bot.complaints.category_policy import CategoryPolicy
from bot.complaints.evidence.check import EvidenceCheck
from bot.complaints.evidence.delivery_evidence import latest_shipment
from bot.complaints.evidence.finding import Finding
from bot.store.models import Order
from bot.texts import Texts

NAME = "warranty_evidence"


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


def warranty_evidence(order: Order, now: datetime, rules: CategoryPolicy) -> Finding:
    """The item whose warranty runs longest decides: within it supports, past it contradicts."""
    start = _warranty_start(order)
    covered = [(add_months(start, i.product.warranty_months), i) for i in order.items if i.product.warranty_months]
    if not covered:
        return Finding(check=NAME, verdict="unclear", fact="no_warranty_on_record")
    ends, item = max(covered, key=lambda pair: pair[0])
    details = {"sku": item.sku, "product": item.product.name, "months": item.product.warranty_months,
               "from": start.isoformat(), "until": ends.isoformat()}
    if ends >= now:
        return Finding(check=NAME, verdict="supports", fact="within_warranty", certified=True, details=details)
    return Finding(check=NAME, verdict="contradicts", fact="warranty_expired", certified=True, details=details)


# How each fact this check finds is told to the customer.
CHECK = EvidenceCheck(NAME, warranty_evidence, {
    "within_warranty": Texts(
        en="your {product} is covered by its {months}-month warranty until {until}",
        es="tu {product} está cubierto por su garantía de {months} meses hasta el {until}"),
    "warranty_expired": Texts(
        en="the {months}-month warranty of your {product} ended on {until}",
        es="la garantía de {months} meses de tu {product} terminó el {until}"),
    "no_warranty_on_record": Texts(
        en="we have no warranty on record for this order",
        es="no tenemos ninguna garantía registrada para este pedido"),
})
