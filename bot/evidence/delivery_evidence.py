"""Delivery evidence: carrier scans and proof of delivery for an order.

Reads the shipment records only; what to do about them is the decision's job.
"""
from __future__ import annotations

from datetime import datetime

from bot.evidence.finding import Finding
from bot.store.models import Order, Shipment

CHECK = "delivery_evidence"


def latest_shipment(order: Order) -> Shipment | None:
    return order.shipments[-1] if order.shipments else None


def delivery_evidence(order: Order, now: datetime) -> Finding:
    """Was the order delivered, with certified proof, or is it late or lost?"""
    shipment = latest_shipment(order)
    promised = order.promised_by
    late = promised is not None and promised < now
    if shipment is None:
        if late:
            return Finding(CHECK, "supports", "not_shipped_late", True, {"promised_by": promised.isoformat()})
        return Finding(CHECK, "contradicts", "not_due_yet", True,
                       {"promised_by": promised.isoformat() if promised else None})
    base = {"carrier": shipment.carrier, "tracking": shipment.tracking}
    delivered = [e for e in shipment.events if e.code == "delivered"]
    if delivered:
        scan = delivered[-1]
        proofs = [p for p in shipment.proofs if p.certified]
        details = {**base, "delivered_at": scan.at.isoformat(), "location": scan.location}
        if proofs:
            details["proofs"] = [{"kind": p.kind, "detail": p.detail, "at": p.captured_at.isoformat()} for p in proofs]
            return Finding(CHECK, "contradicts", "certified_proof_of_delivery", True, details)
        return Finding(CHECK, "unclear", "delivered_scan_without_proof", False, details)
    exceptions = [e for e in shipment.events if e.code == "exception"]
    if exceptions:
        return Finding(CHECK, "supports", "carrier_exception", True,
                       {**base, "at": exceptions[-1].at.isoformat(), "location": exceptions[-1].location})
    if late:
        return Finding(CHECK, "supports", "late_in_transit", True, {**base, "promised_by": promised.isoformat()})
    return Finding(CHECK, "contradicts", "in_transit_on_time", True,
                   {**base, "promised_by": promised.isoformat() if promised else None})
