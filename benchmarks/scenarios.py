"""Complaint conversations the load benchmark plays, each with the case outcome it should end in.

Each scenario copies a demo order (bot/orders/demo_records.json) so the customer has no history; the
expected category and outcome are what the records and policy.yml decide for that order.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Scenario:
    language: str
    opening: str
    demo_order: str
    remedy: str
    category: str
    outcome: str


SCENARIOS = (
    Scenario(language="en", opening="Hi, my parcel never arrived", demo_order="ORD-10001", remedy="A refund please",
             category="delivery", outcome="goodwill"),
    Scenario(language="en", opening="Tracking says it was delivered but I have nothing", demo_order="ORD-10002",
             remedy="Not sure", category="delivery", outcome="explained"),
    Scenario(language="en", opening="You charged my card twice for one order", demo_order="ORD-10003",
             remedy="My money back", category="billing", outcome="goodwill"),
    Scenario(language="en", opening="My blender stopped working after a week", demo_order="ORD-10005",
             remedy="A replacement", category="defective", outcome="goodwill"),
    Scenario(language="en", opening="I got the wrong item in my box", demo_order="ORD-10007", remedy="A replacement",
             category="wrong_item", outcome="goodwill"),
    Scenario(language="en", opening="My laptop still hasn't been delivered", demo_order="ORD-10008", remedy="A refund",
             category="delivery", outcome="handoff"),
    Scenario(language="en", opening="The vase came smashed to pieces", demo_order="ORD-10011", remedy="A replacement",
             category="damaged", outcome="goodwill"),
    Scenario(language="en", opening="I was charged more than once, please check", demo_order="ORD-10004",
             remedy="A refund", category="billing", outcome="explained"),
    Scenario(language="es", opening="Hola, me habéis cobrado dos veces el mismo pedido", demo_order="ORD-20003",
             remedy="Un reembolso", category="billing", outcome="goodwill"),
    Scenario(language="es", opening="El seguimiento dice entregado pero aquí no ha llegado nada",
             demo_order="ORD-20002", remedy="No lo sé", category="delivery", outcome="explained"),
    Scenario(language="es", opening="Me enviaron un artículo equivocado", demo_order="ORD-20004", remedy="Un cambio",
             category="wrong_item", outcome="explained"),
    Scenario(language="es", opening="Mi portátil todavía no ha llegado", demo_order="ORD-20006", remedy="Un reembolso",
             category="delivery", outcome="handoff"),
)
