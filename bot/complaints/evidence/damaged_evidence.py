"""Damage evidence: a damage claim needs the parcel to have reached the customer.

Reads shipment records only; the customer's word about the damage itself is believed.
"""
from __future__ import annotations

from datetime import datetime

from bot.complaints.category_policy import CategoryPolicy
from bot.complaints.evidence.check import EvidenceCheck
from bot.complaints.evidence.delivery_evidence import latest_shipment
from bot.complaints.evidence.finding import Finding
from bot.store.models import Order
from bot.texts import Texts

NAME = "damaged_evidence"


def damaged_evidence(order: Order, now: datetime, rules: CategoryPolicy) -> Finding:
    """Delivered orders support a damage claim; undelivered ones leave it unclear."""
    shipment = latest_shipment(order)
    delivered = [e for e in shipment.events if e.code == "delivered"] if shipment else []
    if shipment and delivered:
        return Finding(check=NAME, verdict="supports", fact="delivered", certified=True,
                       details={"delivered_at": delivered[-1].at.isoformat(), "carrier": shipment.carrier})
    return Finding(check=NAME, verdict="unclear", fact="no_delivery_record")


# How each fact this check finds is told to the customer.
CHECK = EvidenceCheck(NAME, damaged_evidence, {
    "delivered": Texts(
        en="{carrier} delivered the parcel on {delivered_at}",
        es="{carrier} entregó el paquete el {delivered_at}"),
    "no_delivery_record": Texts(
        en="we have no delivery record for this order yet",
        es="aún no tenemos registro de entrega de este pedido"),
})
