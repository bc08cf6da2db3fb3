"""Checks for the complaint form's answers about the complaint itself (the order and email are
bot.identity's). Plain functions returning the value to keep or the reply to give; the Rasa form
action only adapts them. They never decide the complaint's outcome.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

# After this many failed answers in a row the bot offers a person.
MAX_FAILURES = 2
MAX_DETAILS_CHARS = 2000

_REMEDY_WORDS = {
    "refund": r"refund|money back|reimburs|reembols|devoluci[oó]n del (dinero|importe)|devuelv\w* (el|mi) dinero|"
              r"dinero de vuelta|reintegr",
    "replacement": r"replace|new one|exchange|swap|reposici[oó]n|repon|c[aá]mbi|sustitu|otro nuevo|uno nuevo",
    "voucher": r"voucher|coupon|credit|gift card|\bvale\b|cup[oó]n|bono|cr[eé]dito|saldo",
    "shipping_refund": r"shipping|postage|gastos de env[ií]o|el env[ií]o",
}


@dataclass(frozen=True)
class Check:
    """The value to store (None rejects the answer) and the reply explaining a rejection."""

    value: Optional[str]
    reply: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.value is not None


def check_details(answer: str) -> Check:
    """Any description is welcome; very long ones are kept up to a sane length. An empty one is
    rejected without a reply of its own: the form simply asks again."""
    text = " ".join((answer or "").split())
    return Check(text[:MAX_DETAILS_CHARS] if text else None)


def parse_remedy(answer: str) -> str:
    """The remedy the customer asks for, or 'any' when they have no clear preference."""
    text = (answer or "").lower()
    for remedy, pattern in _REMEDY_WORDS.items():
        if re.search(pattern, text):
            return remedy
    return "any"


def should_offer_person(failures: int) -> bool:
    return failures >= MAX_FAILURES
