"""Damage evidence: a damage claim needs the parcel to have reached the customer.

Reads shipment records only; the customer's word about the damage itself is believed.
"""
from __future__ import annotations

from datetime import datetime

from bot.evidence.delivery_evidence import latest_shipment
from bot.evidence.finding import Finding
from bot.store.models import Order

CHECK = "damaged_evidence"


def damaged_evidence(order: Order, now: datetime) -> Finding:
    """Delivered orders support a damage claim; undelivered ones leave it unclear."""
    shipment = latest_shipment(order)
    delivered = [e for e in shipment.events if e.code == "delivered"] if shipment else []
    if delivered:
        return Finding(CHECK, "supports", "delivered", True,
                       {"delivered_at": delivered[-1].at.isoformat(), "carrier": shipment.carrier})
    return Finding(CHECK, "unclear", "no_delivery_record")
