"""Checks for the complaint form's answers about the complaint itself (the order and email are
bot.orders.identity's). Plain functions returning the value to keep or the reply to give; the Rasa form
action only adapts them. They never decide the complaint's outcome.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# After this many failed answers in a row the bot offers a person.
MAX_FAILURES = 2
MAX_DETAILS_CHARS = 2000
# A complaint's first message of at least this many words already tells what happened: it is kept as
# the details, so the form does not ask for them again.
MIN_STORY_WORDS = 4

_REMEDY_WORDS = {
    "refund": r"refund|money back|reimburs|reembols|devoluci[oó]n del (dinero|importe)|devuelv\w* (el|mi) dinero|"
              r"dinero de vuelta|reintegr",
    "replacement": r"replace|new one|exchange|swap|reposici[oó]n|repon|c[aá]mbi|sustitu|otro nuevo|uno nuevo",
    "voucher": r"voucher|coupon|credit|gift card|\bvale\b|cup[oó]n|bono|cr[eé]dito|saldo",
    "shipping_refund": r"shipping|postage|gastos de env[ií]o|el env[ií]o",
}


@dataclass(frozen=True)
class AnswerCheck:
    """The value to store (None rejects the answer) and the reply explaining a rejection."""

    value: Optional[str]
    reply: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.value is not None


def check_details(answer: str) -> AnswerCheck:
    """Any description is welcome; very long ones are kept up to a sane length. An empty one is
    rejected without a reply of its own: the form simply asks again."""
    text = " ".join((answer or "").split())
    return AnswerCheck(text[:MAX_DETAILS_CHARS] if text else None)


def details_from_message(text: str, intent: str) -> Optional[str]:
    """The complaint's details from the message that opened it, when it says enough (an order
    number given on its own is not a story)."""
    if intent == "provide_order" or len((text or "").split()) < MIN_STORY_WORDS:
        return None
    return check_details(text).value


def wished_remedy(slot_value: Optional[str]) -> Optional[str]:
    """The remedy the customer asked for, from the form's slot ("any" and nothing: no wish)."""
    return None if slot_value in (None, "any") else slot_value


def parse_remedy(answer: str) -> str:
    """The remedy the customer asks for, or 'any' when they have no clear preference."""
    text = (answer or "").lower()
    for remedy, pattern in _REMEDY_WORDS.items():
        if re.search(pattern, text):
            return remedy
    return "any"


def should_offer_person(failures: int) -> bool:
    return failures >= MAX_FAILURES
