"""Wrong-item evidence: the SKUs the warehouse scanned into the parcel against the order.

Compares pick records with order lines only.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from bot.evidence.finding import Finding
from bot.store.models import Order

CHECK = "wrong_item_evidence"


def wrong_item_evidence(order: Order, now: datetime) -> Finding:
    """Any difference supports the customer; a scan matching the order contradicts them."""
    if not order.picks:
        return Finding(CHECK, "unclear", "no_pick_record")
    ordered: Counter[str] = Counter()
    for item in order.items:
        ordered[item.sku] += item.quantity
    shipped: Counter[str] = Counter()
    for pick in order.picks:
        shipped[pick.sku] += pick.quantity
    details = {"ordered": dict(sorted(ordered.items())), "shipped": dict(sorted(shipped.items())),
               "scanned_at": max(p.scanned_at for p in order.picks).isoformat()}
    if ordered != shipped:
        return Finding(CHECK, "supports", "shipped_differs_from_order", True, details)
    return Finding(CHECK, "contradicts", "scanned_as_ordered", True, details)
