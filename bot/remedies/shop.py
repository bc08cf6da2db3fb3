"""What the executor needs of a shop: whether it already did something under a key, a refund, a
voucher and a replacement.

The interface only; `bot.remedies.medusa` is a Medusa shop's.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Optional, Protocol


class ShopRemedies(Protocol):
    def done_under(self, order_reference: str, key: str) -> Optional[str]:
        """The shop's id for what it did under `key` on the order, or None. Raises SourceUnavailable."""

    def refund(self, order_reference: str, amount: Decimal, key: str) -> str:
        """Refunds `amount` on the order's captured payment, keeping `key` with it; the refund's id.
        Raises SourceUnavailable."""

    def replacement(self, order_reference: str, key: str) -> str:
        """A new order, free of charge, for the same items to the same address, made under `key`; how
        the shop names it. Raises SourceUnavailable."""

    def voucher(self, amount: Decimal, currency: str, key: str) -> str:
        """A code worth `amount` off one order, usable once, made under `key`; the code. Raises
        SourceUnavailable."""
