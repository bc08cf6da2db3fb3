"""Repair evidence: what our technicians found in returned items of an order.

Reads returns and repair notes only; the warranty window is another check.
"""
from __future__ import annotations

from datetime import datetime

from bot.evidence.finding import Finding
from bot.store.models import Order

CHECK = "repair_evidence"


def repair_evidence(order: Order, now: datetime) -> Finding:
    """The latest technician's note: misuse contradicts the customer, a defect supports them."""
    notes = sorted((n for r in order.returns for n in r.repair_notes), key=lambda n: n.at)
    if not notes:
        return Finding(CHECK, "neutral", "no_repair_report")
    note = notes[-1]
    details = {"at": note.at.isoformat(), "note": note.note}
    if note.finding == "misuse":
        return Finding(CHECK, "contradicts", "misuse_found", True, details)
    if note.finding == "defect":
        return Finding(CHECK, "supports", "defect_confirmed", True, details)
    return Finding(CHECK, "unclear", "no_fault_found", True, details)
