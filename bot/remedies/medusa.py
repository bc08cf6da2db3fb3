"""A Medusa shop's side of carrying out a remedy: a refund on the order's captured payment, with the
remedy's key as the refund's note; a voucher as a promotion code usable once (a campaign budget of one
use), its code derived from the key with a secret; a replacement as a free draft order for the same
items, converted to an order, the key in its metadata; and finding any of them afterwards by its key.

Admin API calls only; when to call them is `bot.remedies.executor`'s.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterator, Optional

from bot.orders.sources.base import SourceUnavailable
from bot.orders.sources.medusa import MedusaClient, shop_reference
from bot.privacy.email_vault import keyed_digest

KEY_FIELD = "complaint_bot_key"  # where the shop keeps a remedy's key (promotions, replacement orders)


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
        if any(p.get("code") == code for p in promotions):
            return code
        return self._replacement_under(order_reference, key)

    def _replacement_under(self, order_reference: str, key: str) -> Optional[str]:
        """A replacement order is found among the customer's orders by the key in its metadata."""
        customer = (self._order(order_reference).get("customer") or {}).get("id")
        if not customer:
            return None
        orders = self.client.get("/admin/orders", customer_id=customer, fields="id,display_id,metadata",
                                 limit=200)["orders"]
        return next((shop_reference(o["display_id"]) for o in orders
                     if (o.get("metadata") or {}).get(KEY_FIELD) == key), None)

    def replacement(self, order_reference: str, key: str) -> str:
        order = self.client.get(f"/admin/orders/{self._order(order_reference)['id']}", fields=(
            "id,email,region_id,sales_channel_id,customer_id,*items,*shipping_address,*shipping_methods"))["order"]
        address = {k: (order.get("shipping_address") or {}).get(k) for k in
                   ("first_name", "last_name", "address_1", "address_2", "city", "country_code", "postal_code")}
        address = {k: v for k, v in address.items() if v}
        methods = order.get("shipping_methods") or []
        draft = self.client.post("/admin/draft-orders", {
            "email": order["email"], "customer_id": order.get("customer_id"), "region_id": order["region_id"],
            "sales_channel_id": order.get("sales_channel_id"),
            "items": [{"variant_id": i["variant_id"], "quantity": i["quantity"], "unit_price": 0}
                      for i in order.get("items") or [] if i.get("variant_id")],
            "shipping_methods": [{"shipping_option_id": m["shipping_option_id"], "name": "Replacement", "amount": 0}
                                 for m in methods[:1] if m.get("shipping_option_id")],
            "shipping_address": address, "billing_address": address,
            "metadata": {KEY_FIELD: key, "replaces": order_reference}})["draft_order"]
        made = self.client.post(f"/admin/draft-orders/{draft['id']}/convert-to-order", {})["order"]
        return shop_reference(made["display_id"])

    def voucher(self, amount: Decimal, currency: str, key: str) -> str:
        code = voucher_code(key)
        self.client.post("/admin/promotions", {
            "code": code, "type": "standard", "status": "active", "is_automatic": False,
            "application_method": {"type": "fixed", "target_type": "order", "allocation": "across",
                                   "value": float(amount), "currency_code": currency.lower()},
            "campaign": {"name": f"Goodwill {code}", "campaign_identifier": code,
                         "budget": {"type": "usage", "limit": 1}},
            "metadata": {KEY_FIELD: key}})
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
