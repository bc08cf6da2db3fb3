"""Billing evidence: the payments ledger of an order (charges, refunds, pre-authorisations).

Reads the ledger only; whether to refund is the decision's job.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from decimal import Decimal

from bot.complaints.category_policy import CategoryPolicy
from bot.complaints.evidence.check import EvidenceCheck
from bot.complaints.evidence.finding import Finding
from bot.store.models import Order
from bot.texts import Texts

NAME = "billing_evidence"


def billing_evidence(order: Order, now: datetime, rules: CategoryPolicy) -> Finding:
    """Duplicate charges support the customer; a released hold, an issued refund or a single
    correct charge contradict them."""
    entries = order.payments
    if not entries:
        return Finding(check=NAME, verdict="unclear", fact="no_ledger_entries")
    charges = [p for p in entries if p.kind == "charge"]
    refunded = sum((p.amount for p in entries if p.kind == "refund"), Decimal("0"))
    by_amount = Counter(p.amount for p in charges)
    duplicated = sorted(a for a, n in by_amount.items() if n > 1)
    if duplicated:
        extra = sum((a * (by_amount[a] - 1) for a in duplicated), Decimal("0")) - refunded
        if extra > 0:
            dates = [p.at.isoformat() for p in charges if p.amount in duplicated]
            return Finding(check=NAME, verdict="supports", fact="duplicate_charge", certified=True,
                           details={"amount": str(extra), "currency": order.currency,
                                    "charged_at": dates}, refund_due=extra)
    released = [p for p in entries if p.kind == "preauth_release"]
    if released:
        return Finding(check=NAME, verdict="contradicts", fact="preauth_released", certified=True,
                       details={"amount": str(released[-1].amount), "currency": order.currency,
                        "released_at": released[-1].at.isoformat()})
    refunds = [p for p in entries if p.kind == "refund"]
    if refunds:
        return Finding(check=NAME, verdict="contradicts", fact="refund_issued", certified=True,
                       details={"amount": str(refunds[-1].amount), "currency": order.currency,
                        "refunded_at": refunds[-1].at.isoformat(), "reference": refunds[-1].reference})
    charged = sum((p.amount for p in charges), Decimal("0"))
    if charged == order.value + order.shipping_fee:
        return Finding(check=NAME, verdict="contradicts", fact="charged_once_correctly", certified=True,
                       details={"amount": str(charged), "currency": order.currency,
                        "charged_at": charges[-1].at.isoformat() if charges else None})
    return Finding(check=NAME, verdict="unclear", fact="charges_differ_from_order",
                   details={"charged": str(charged), "order_total": str(order.value + order.shipping_fee)})


# How each fact this check finds is told to the customer.
CHECK = EvidenceCheck(NAME, billing_evidence, {
    "no_ledger_entries": Texts(
        en="we have no payment records for this order",
        es="no tenemos registros de pago de este pedido"),
    "duplicate_charge": Texts(
        en="our payment records show you were charged {amount} twice",
        es="nuestros registros de pago muestran que se te cobró {amount} dos veces"),
    "preauth_released": Texts(
        en="the second amount of {amount} was a temporary hold that we released on {released_at}; "
           "banks can take a few days to remove it from your statement",
        es="el segundo importe de {amount} era una retención temporal que liberamos el {released_at}; "
           "el banco puede tardar unos días en quitarla de tu extracto"),
    "refund_issued": Texts(
        en="we issued your refund of {amount} on {refunded_at}; banks can take up to 5 working days",
        es="emitimos tu reembolso de {amount} el {refunded_at}; el banco puede tardar hasta 5 días hábiles"),
    "charged_once_correctly": Texts(
        en="our payment records show a single charge of {amount}, the order total",
        es="nuestros registros de pago muestran un único cargo de {amount}, el total del pedido"),
    "charges_differ_from_order": Texts(
        en="the charges on record differ from the order total",
        es="los cargos registrados no coinciden con el total del pedido"),
})
