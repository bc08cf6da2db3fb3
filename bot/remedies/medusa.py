"""A Medusa shop's side of carrying out a remedy: a refund on the order's captured payment, with the
remedy's key as the refund's note, and finding a refund by that note afterwards.

Admin API calls only; when to call them is `bot.remedies.executor`'s.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Optional

from bot.orders.sources.base import SourceUnavailable
from bot.orders.sources.medusa import MedusaClient


def _payments(order: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for collection in order.get("payment_collections") or []:
        yield from collection.get("payments") or []


class MedusaRemedies:
    def __init__(self, client: MedusaClient) -> None:
        self.client = client

    def _order(self, order_reference: str) -> dict[str, Any]:
        order = self.client.order_by_display_id(int(order_reference.lstrip("#")))
        if order is None:
            raise SourceUnavailable(f"the shop has no order {order_reference}")
        return order

    def done_under(self, order_reference: str, key: str) -> Optional[str]:
        for payment in _payments(self._order(order_reference)):
            for refund in payment.get("refunds") or []:
                if refund.get("note") == key:
                    return str(refund["id"])
        return None

    def refund(self, order_reference: str, amount: Decimal, key: str) -> str:
        for payment in _payments(self._order(order_reference)):
            captured = sum(Decimal(str(c["amount"])) for c in payment.get("captures") or [])
            refunded = sum(Decimal(str(r["amount"])) for r in payment.get("refunds") or [])
            if captured - refunded >= amount:
                self.client.post(f"/admin/payments/{payment['id']}/refund", {"amount": float(amount), "note": key})
                done = self.done_under(order_reference, key)
                if done is None:
                    raise SourceUnavailable("the shop took the refund but does not show it")
                return done
        raise SourceUnavailable(f"no captured payment on {order_reference} covers {amount}")
