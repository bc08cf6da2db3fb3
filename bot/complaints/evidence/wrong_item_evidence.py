"""Wrong-item evidence: the SKUs the warehouse scanned into the parcel against the order.

Compares pick records with order lines only.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from bot.complaints.category_policy import CategoryPolicy
from bot.complaints.evidence.check import EvidenceCheck
from bot.complaints.evidence.finding import Finding
from bot.store.models import Order
from bot.texts import Texts

NAME = "wrong_item_evidence"


def wrong_item_evidence(order: Order, now: datetime, rules: CategoryPolicy) -> Finding:
    """Any difference supports the customer; a scan matching the order contradicts them."""
    if not order.picks:
        return Finding(check=NAME, verdict="unclear", fact="no_pick_record")
    ordered: Counter[str] = Counter()
    for item in order.items:
        ordered[item.sku] += item.quantity
    shipped: Counter[str] = Counter()
    for pick in order.picks:
        shipped[pick.sku] += pick.quantity
    details = {"ordered": dict(sorted(ordered.items())), "shipped": dict(sorted(shipped.items())),
               "scanned_at": max(p.scanned_at for p in order.picks).isoformat()}
    if ordered != shipped:
        return Finding(check=NAME, verdict="supports", fact="shipped_differs_from_order", certified=True,
                       details=details)
    return Finding(check=NAME, verdict="contradicts", fact="scanned_as_ordered", certified=True, details=details)


# How each fact this check finds is told to the customer.
CHECK = EvidenceCheck(NAME, wrong_item_evidence, {
    "no_pick_record": Texts(
        en="we have no warehouse scan for this parcel",
        es="no tenemos registro del almacén para este paquete"),
    "shipped_differs_from_order": Texts(
        en="our warehouse scan shows the parcel did not match your order",
        es="el registro de nuestro almacén muestra que el paquete no coincidía con tu pedido"),
    "scanned_as_ordered": Texts(
        en="our warehouse scanned exactly the items you ordered into the parcel on {scanned_at}",
        es="nuestro almacén escaneó exactamente los artículos que pediste el {scanned_at}"),
})
