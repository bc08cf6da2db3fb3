"""The complaint categories: one entry per category, and everything else derived from it.

A category's name is its slot value and its `policy.yml` section; `complain_<name>` is its
intent. Its entry lists its evidence checks, the extra keys its policy section must have, and
its words in both languages (the category button, the first apology, how the problem is named
and what a customer who doubts the records can still do). The training importer
(`bot/complaints/category_training.py`) turns the entries into intents, the slot mapping, replies
and rules; `python -m bot categories check` (bot/complaints/category_check.py, run by the tests)
fails, in plain words, when the project disagrees with them.
Names and words only: what the checks find and what the decision does live elsewhere.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping, Optional

from bot.complaints.evidence import (
    billing_evidence,
    damaged_evidence,
    delivery_evidence,
    repair_evidence,
    warranty_evidence,
    wrong_item_evidence,
)
from bot.complaints.evidence.check import EvidenceCheck
from bot.texts import Texts

INTENT_PREFIX = "complain_"
SLOT = "complaint_category"  # the slot holding a complaint's category name
# Reads one extra key of a category's policy section: (value, where) -> value; see bot.complaints.policy_values.
ValueReader = Callable[[object, str], object]


@dataclass(frozen=True, kw_only=True)
class Category:
    """One kind of complaint and all that is particular to it."""

    name: str
    checks: tuple[EvidenceCheck, ...]
    button: Texts  # the category's button when the bot asks which problem it is
    acknowledgement: Texts  # the first reply: on the customer's side, before any fact
    problem: Texts  # the problem named inside a sentence ("the charge")
    next_step: Texts  # what a customer who does not accept the records can still do
    policy_keys: Mapping[str, ValueReader] = field(default_factory=dict)  # its own policy keys

    @property
    def intent(self) -> str:
        return f"{INTENT_PREFIX}{self.name}"


CATEGORIES: tuple[Category, ...] = (
    Category(
        name="delivery", checks=(delivery_evidence.CHECK,),
        button=Texts("Not delivered or late", "No llegó o llega tarde"),
        acknowledgement=Texts(
            "I'm so sorry your order hasn't reached you properly. That's really frustrating, and I'll look "
            "into it right now.",
            "Siento muchísimo que tu pedido no te haya llegado bien. Es muy frustrante y lo reviso ahora mismo."),
        problem=Texts("the delivery", "la entrega"),
        next_step=Texts(
            "It is worth asking neighbours or anyone at the address that day; if it still does not turn up, "
            "say so and a colleague will look into it with the carrier.",
            "Vale la pena preguntar a los vecinos o a quien estuviera en la dirección ese día; si aun así no "
            "aparece, dímelo y un compañero lo investigará con la empresa de transporte.")),
    Category(
        name="damaged", checks=(damaged_evidence.CHECK,),
        button=Texts("Arrived damaged", "Llegó dañado"),
        acknowledgement=Texts(
            "I'm really sorry it arrived damaged. That's not the experience you should have had; let's put it "
            "right.",
            "Lamento mucho que te haya llegado dañado. No es lo que mereces; vamos a solucionarlo."),
        problem=Texts("the damage", "el daño"),
        next_step=Texts(
            "If you can send a photo of the damage and the packaging, a colleague can look at it again.",
            "Si nos envías una foto del daño y del embalaje, un compañero puede volver a revisarlo.")),
    Category(
        name="defective", checks=(warranty_evidence.CHECK, repair_evidence.CHECK),
        button=Texts("Doesn't work", "No funciona"),
        acknowledgement=Texts(
            "I'm sorry it isn't working as it should. That's disappointing, and I'll help you get it sorted.",
            "Siento que no funcione como debería. Es decepcionante y te ayudo a solucionarlo."),
        problem=Texts("the fault", "la avería"),
        next_step=Texts(
            "You can send it back for a second inspection, or ask me for a colleague who will look at the "
            "report with you.",
            "Puedes enviarlo para una segunda revisión, o pedirme un compañero que revise el informe contigo.")),
    Category(
        name="wrong_item", checks=(wrong_item_evidence.CHECK,),
        button=Texts("Wrong or missing item", "Artículo equivocado o incompleto"),
        acknowledgement=Texts(
            "I'm sorry you didn't get what you ordered. Let me put that right.",
            "Perdona que no te haya llegado lo que pediste. Déjame arreglarlo."),
        problem=Texts("the wrong item", "el artículo equivocado"),
        next_step=Texts(
            "If you send a photo of what arrived and its label, a colleague can compare it with the "
            "warehouse scan.",
            "Si nos envías una foto de lo que llegó y de su etiqueta, un compañero puede compararla con el "
            "escaneo del almacén.")),
    Category(
        name="billing", checks=(billing_evidence.CHECK,),
        button=Texts("Payment problem", "Problema con el pago"),
        acknowledgement=Texts(
            "I'm sorry about the trouble with your payment; I understand how worrying that is. I'll check it "
            "straight away.",
            "Siento el problema con tu pago; entiendo que preocupa. Lo compruebo enseguida."),
        problem=Texts("the charge", "el cobro"),
        next_step=Texts(
            "Your bank statement will show the final amounts within a few days; if it still shows a second "
            "charge then, say so and a colleague will check it with the bank.",
            "En unos días tu extracto mostrará los importes definitivos; si entonces sigue apareciendo un "
            "segundo cargo, dímelo y un compañero lo revisará con el banco.")),
    # Service complaints have no record to check: the policy believes the customer.
    Category(
        name="service", checks=(),
        button=Texts("How I was treated", "La atención recibida"),
        acknowledgement=Texts(
            "I'm truly sorry about how you were treated. That's not the service we want to give.",
            "Siento de verdad cómo te hemos atendido. No es el servicio que queremos dar."),
        problem=Texts("how you were treated", "la atención recibida"),
        next_step=Texts(
            "If you tell me more about what happened, a colleague can look at it again.",
            "Si me cuentas algo más de lo que pasó, un compañero puede volver a revisarlo.")),
    # A new category's entry goes above this line (docs/extending.md).
)

NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)
# Said when a complaint has no category yet, and for problems the customer has not named.
UNNAMED = Texts(
    "I'm sorry something went wrong, and thank you for telling us. I'm on your side; let me look into it.",
    "Siento que algo haya ido mal y gracias por contárnoslo. Estoy de tu parte; déjame revisarlo.")
_BY_NAME = {c.name: c for c in CATEGORIES}


def category(name: str) -> Category:
    """The registry entry of a category name (KeyError names it when unknown)."""
    return _BY_NAME[name]


def category_of(intent: str) -> Optional[str]:
    """The category an intent names ("complain_billing" -> "billing"), if any."""
    name = intent[len(INTENT_PREFIX):] if intent.startswith(INTENT_PREFIX) else ""
    return name if name in _BY_NAME else None


def all_checks() -> tuple[EvidenceCheck, ...]:
    """Every evidence check of every category, once each."""
    return tuple({check.name: check for c in CATEGORIES for check in c.checks}.values())
