"""What an evidence check is: its name, the function that reads the records, and how its facts
are said in each language. The checks themselves are the sibling modules.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Mapping

from bot.complaints.category_policy import CategoryPolicy
from bot.complaints.evidence.finding import Finding
from bot.store.models import Order
from bot.texts import Texts


@dataclass(frozen=True)
class EvidenceCheck:
    """One evidence check. `run(order, now, rules)` gets the order, the time of the complaint
    and its category's policy section; `sentences` words each fact code it can find (facts
    without a sentence are context only and never told to the customer)."""

    name: str
    run: Callable[[Order, datetime, CategoryPolicy], Finding]
    sentences: Mapping[str, Texts]
