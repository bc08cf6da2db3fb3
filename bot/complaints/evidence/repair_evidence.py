"""Repair evidence: what our technicians found in returned items of an order.

Reads returns and repair notes only; the warranty window is another check.
"""
from __future__ import annotations

from datetime import datetime

from bot.complaints.category_policy import CategoryPolicy
from bot.complaints.evidence.check import EvidenceCheck
from bot.complaints.evidence.finding import Finding
from bot.store.models import Order
from bot.texts import Texts

NAME = "repair_evidence"


def repair_evidence(order: Order, now: datetime, rules: CategoryPolicy) -> Finding:
    """The latest technician's note: misuse contradicts the customer, a defect supports them."""
    notes = sorted((n for r in order.returns for n in r.repair_notes), key=lambda n: n.at)
    if not notes:
        return Finding(check=NAME, verdict="neutral", fact="no_repair_report")
    note = notes[-1]
    details = {"at": note.at.isoformat(), "note": note.note}
    if note.finding == "misuse":
        return Finding(check=NAME, verdict="contradicts", fact="misuse_found", certified=True, details=details)
    if note.finding == "defect":
        return Finding(check=NAME, verdict="supports", fact="defect_confirmed", certified=True, details=details)
    return Finding(check=NAME, verdict="unclear", fact="no_fault_found", certified=True, details=details)


# How each fact this check finds is told to the customer.
CHECK = EvidenceCheck(NAME, repair_evidence, {
    "misuse_found": Texts(
        en="our technicians' report of {at} found: {note}",
        es="el informe de nuestros técnicos del {at} indica: {note}"),
    "defect_confirmed": Texts(
        en="our technicians confirmed a defect on {at}",
        es="nuestros técnicos confirmaron un defecto el {at}"),
    "no_fault_found": Texts(
        en="our technicians found no fault on {at}",
        es="nuestros técnicos no encontraron ninguna avería el {at}"),
})
