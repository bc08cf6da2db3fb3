"""Complaint conversations the load benchmark plays, each with the case outcome it should end in.

Each scenario copies a demo order (bot/orders/demo_records.json) so the customer has no history; the
expected category and outcome are what the records and policy.yml decide for that order.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    language: str
    opening: str
    demo_order: str
    remedy: str
    category: str
    outcome: str


SCENARIOS = (
    Scenario("en", "Hi, my parcel never arrived", "ORD-10001", "A refund please", "delivery", "goodwill"),
    Scenario("en", "Tracking says it was delivered but I have nothing", "ORD-10002", "Not sure",
             "delivery", "explained"),
    Scenario("en", "You charged my card twice for one order", "ORD-10003", "My money back", "billing", "goodwill"),
    Scenario("en", "My blender stopped working after a week", "ORD-10005", "A replacement",
             "defective", "goodwill"),
    Scenario("en", "I got the wrong item in my box", "ORD-10007", "A replacement", "wrong_item", "goodwill"),
    Scenario("en", "My laptop still hasn't been delivered", "ORD-10008", "A refund", "delivery", "handoff"),
    Scenario("en", "The vase came smashed to pieces", "ORD-10011", "A replacement", "damaged", "goodwill"),
    Scenario("en", "I was charged more than once, please check", "ORD-10004", "A refund", "billing", "explained"),
    Scenario("es", "Hola, me habéis cobrado dos veces el mismo pedido", "ORD-20003", "Un reembolso",
             "billing", "goodwill"),
    Scenario("es", "El seguimiento dice entregado pero aquí no ha llegado nada", "ORD-20002", "No lo sé",
             "delivery", "explained"),
    Scenario("es", "Me enviaron un artículo equivocado", "ORD-20004", "Un cambio", "wrong_item", "explained"),
    Scenario("es", "Mi portátil todavía no ha llegado", "ORD-20006", "Un reembolso", "delivery", "handoff"),
)
