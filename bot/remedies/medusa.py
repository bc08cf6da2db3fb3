"""A Medusa shop's side of carrying out a remedy: a refund on the order's captured payment, with the
remedy's key as the refund's note; a voucher as a promotion code usable once (a campaign budget of one
use), its code derived from the key with a secret; and finding either afterwards by its key.

Admin API calls only; when to call them is `bot.remedies.executor`'s.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Optional

from bot.orders.sources.base import SourceUnavailable
from bot.orders.sources.medusa import MedusaClient
from bot.privacy.email_vault import keyed_digest


def voucher_code(key: str) -> str:
    """The voucher's code: the same for the same remedy (so it is found again, never made twice) and
    unguessable without the deployment's key (bot.privacy.email_vault)."""
    return "GW-" + keyed_digest(f"voucher:{key}")[:12].upper()


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
        code = voucher_code(key)
        promotions = self.client.get("/admin/promotions", q=code, fields="id,code")["promotions"]
        return code if any(p.get("code") == code for p in promotions) else None

    def voucher(self, amount: Decimal, currency: str, key: str) -> str:
        code = voucher_code(key)
        self.client.post("/admin/promotions", {
            "code": code, "type": "standard", "status": "active", "is_automatic": False,
            "application_method": {"type": "fixed", "target_type": "order", "allocation": "across",
                                   "value": float(amount), "currency_code": currency.lower()},
            "campaign": {"name": f"Goodwill {code}", "campaign_identifier": code,
                         "budget": {"type": "usage", "limit": 1}},
            "metadata": {"complaint_bot_key": key}})
        return code

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
