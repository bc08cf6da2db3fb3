"""Delivery evidence: carrier scans and proof of delivery for an order.

Reads the shipment records only; what to do about them is the decision's job.
"""
from __future__ import annotations

from datetime import datetime

from bot.complaints.category_policy import CategoryPolicy
from bot.complaints.evidence.check import EvidenceCheck
from bot.complaints.evidence.finding import Finding
from bot.store.models import Order, Shipment
from bot.texts import Texts

NAME = "delivery_evidence"


def latest_shipment(order: Order) -> Shipment | None:
    return order.shipments[-1] if order.shipments else None


def delivery_evidence(order: Order, now: datetime, rules: CategoryPolicy) -> Finding:
    """Was the order delivered, with certified proof, or is it late or lost?"""
    shipment = latest_shipment(order)
    promised = order.promised_by
    late = promised is not None and promised < now
    if shipment is None:
        if late:
            return Finding(check=NAME, verdict="supports", fact="not_shipped_late", certified=True,
                           details={"promised_by": promised.isoformat()})
        return Finding(check=NAME, verdict="contradicts", fact="not_due_yet", certified=True,
                       details={"promised_by": promised.isoformat() if promised else None})
    base = {"carrier": shipment.carrier, "tracking": shipment.tracking}
    delivered = [e for e in shipment.events if e.code == "delivered"]
    if delivered:
        scan = delivered[-1]
        proofs = [p for p in shipment.proofs if p.certified]
        details = {**base, "delivered_at": scan.at.isoformat(), "location": scan.location}
        if proofs:
            details["proofs"] = [{"kind": p.kind, "detail": p.detail, "at": p.captured_at.isoformat()} for p in proofs]
            return Finding(check=NAME, verdict="contradicts", fact="certified_proof_of_delivery", certified=True,
                           details=details)
        return Finding(check=NAME, verdict="unclear", fact="delivered_scan_without_proof", certified=False,
                       details=details)
    exceptions = [e for e in shipment.events if e.code == "exception"]
    if exceptions:
        return Finding(check=NAME, verdict="supports", fact="carrier_exception", certified=True,
                       details={**base, "at": exceptions[-1].at.isoformat(), "location": exceptions[-1].location})
    if late:
        return Finding(check=NAME, verdict="supports", fact="late_in_transit", certified=True,
                       details={**base, "promised_by": promised.isoformat()})
    return Finding(check=NAME, verdict="contradicts", fact="in_transit_on_time", certified=True,
                   details={**base, "promised_by": promised.isoformat() if promised else None})


# How each fact this check finds is told to the customer.
CHECK = EvidenceCheck(NAME, delivery_evidence, {
    "not_shipped_late": Texts(
        en="your order was due by {promised_by} and has not left our warehouse yet",
        es="tu pedido debía llegar el {promised_by} y todavía no ha salido de nuestro almacén"),
    "not_due_yet": Texts(
        en="your order is due by {promised_by}, so it is still within the delivery time we promised",
        es="tu pedido tiene como fecha de entrega el {promised_by}, así que aún está dentro del plazo prometido"),
    "certified_proof_of_delivery": Texts(
        en="{carrier} recorded the delivery on {delivered_at} at {location}, confirmed by {proofs}",
        es="{carrier} registró la entrega el {delivered_at} en {location}, confirmada con {proofs}"),
    "delivered_scan_without_proof": Texts(
        en="{carrier} marked it delivered on {delivered_at}, without a signature or photo",
        es="{carrier} lo marcó como entregado el {delivered_at}, sin firma ni foto"),
    "carrier_exception": Texts(
        en="{carrier} reported a problem with the parcel on {at}",
        es="{carrier} informó de una incidencia con el paquete el {at}"),
    "late_in_transit": Texts(
        en="the parcel is still with {carrier} and was due by {promised_by}",
        es="el paquete sigue con {carrier} y debía llegar el {promised_by}"),
    "in_transit_on_time": Texts(
        en="the parcel is on its way with {carrier} and is due by {promised_by}",
        es="el paquete está en camino con {carrier} y debe llegar como tarde el {promised_by}"),
})
