"""Orders as customers name them: the reference and email read from what they type, the order
looked up, and whether an email is the order's own. Used by the identity check, the
assessment and the case status.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import settings
from bot.store.models import Order

# Bounded or anchored repetition only: these run on every message, whatever its length.
ORDER_REFERENCE = re.compile(r"\b(?:ord(?:er)?|ped(?:ido)?)?\s{0,3}[-#:]?\s{0,3}(\d{5})\b", re.IGNORECASE)
# A shop's order number ('#1042', 'order 1042', 'pedido nº 1042'): a short number is one only after
# '#', 'order' or 'pedido', never a rating, an amount or a quantity.
SHOP_ORDER_NUMBER = re.compile(r"(?:#|\b(?:order|pedido)\b\s{0,3}(?:no\.?|n[º°]|number|n[uú]mero)?\s{0,3}[#:]?)"
                               r"\s{0,3}(\d{1,9})\b", re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A reference the customer tried to give, mistyped or not ("ORD-123", "pedido 99", "#12"): the
# order question answers it, so it is still the customer giving their order.
REFERENCE_ATTEMPT = re.compile(r"(?:\b(?:ord(?:er)?|orden|pedido|ref(?:erence|erencia)?)\W{0,3}|#)\d", re.IGNORECASE)


@dataclass(frozen=True)
class ReferenceFormat:
    """How a source's order references look when customers type them: what finds one in a message,
    how our store keeps it (`{number}` replaced), and the example the bot gives."""

    pattern: re.Pattern[str]
    kept_as: str
    example: str


IMPORTED_REFERENCES = ReferenceFormat(ORDER_REFERENCE, "ORD-{number}", "ORD-12345")
SHOP_NUMBERS = ReferenceFormat(SHOP_ORDER_NUMBER, "#{number}", "#1042")


def reference_format() -> ReferenceFormat:
    """The format of the records source the settings name (bot.orders.sources)."""
    return SHOP_NUMBERS if settings.records_source() == "medusa" else IMPORTED_REFERENCES


def parse_order_reference(text: str, form: Optional[ReferenceFormat] = None) -> Optional[str]:
    """'my order is ord 10001' -> 'ORD-10001' (or, from a shop, 'pedido #1042' -> '#1042'); None
    when the message holds no reference of the source's format."""
    form = form or reference_format()
    match = form.pattern.search(text or "")
    return form.kept_as.format(number=match.group(1)) if match else None


def parse_email(text: str) -> Optional[str]:
    match = EMAIL.search(text or "")
    return match.group(0).lower() if match else None


def gives_order_details(text: str) -> bool:
    """Whether the message gives an order reference or an email, or tries to."""
    text = text or ""
    return bool(parse_order_reference(text) or parse_email(text) or REFERENCE_ATTEMPT.search(text))


def find_order(session: Session, reference: str) -> Optional[Order]:
    return session.execute(select(Order).where(func.upper(Order.reference) == reference.upper())).scalar_one_or_none()


def email_matches(order: Order, email: str) -> bool:
    return order.customer.email.strip().lower() == email.strip().lower()
