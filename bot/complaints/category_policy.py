"""What a category's section of the policy holds: its remedies, caps and gesture, as typed values.

Types only, below the evidence checks that read them; reading the policy file is `bot.complaints.policy`'s job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping, Optional

REMEDIES = ("refund", "replacement", "voucher", "shipping_refund")


@dataclass(frozen=True)
class Gesture:
    remedy: str
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class CategoryPolicy:
    remedies: tuple[str, ...]
    refund_cap_percent: Decimal
    refund_cap: Decimal
    voucher: Decimal
    gesture_when_explained: Optional[Gesture]
    settings: Mapping[str, object] = field(default_factory=dict)  # the category's own keys (registry)
