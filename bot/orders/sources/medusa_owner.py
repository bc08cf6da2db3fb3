"""A shop owner's side of a Medusa shop's Admin API: a region, a warehouse that ships, products, customers
and orders taken, paid, fulfilled and shipped. Used to fill a shop for the tests and the benchmarks,
never by the bot.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any, Optional

import requests


class ShopOwner:
    """The shop owner's side of the Admin API, with a secret API key."""

    def __init__(self, url: str, api_key: str) -> None:
        self.url = url
        self.headers = {"Authorization": "Basic " + base64.b64encode(f"{api_key}:".encode()).decode()}
        self._catalogue: Optional[dict[str, str]] = None

    def call(self, method: str, path: str, body: Optional[dict] = None, **params: Any) -> dict[str, Any]:
        answer = requests.request(method, f"{self.url}{path}", json=body, params=params, headers=self.headers,
                                  timeout=60)
        if answer.status_code >= 300:
            raise RuntimeError(f"{method} {path}: {answer.status_code} {answer.text[:500]}")
        return answer.json()

    def catalogue(self) -> dict[str, str]:
        """A region in euros, a Madrid warehouse that ships to Spain and Britain, one shipping option."""
        if self._catalogue is None:
            channel = self.call("GET", "/admin/sales-channels")["sales_channels"][0]["id"]
            region = self.call("POST", "/admin/regions", {"name": "Europe", "currency_code": "eur",
                                                          "countries": ["es", "gb"],
                                                          "payment_providers": ["pp_system_default"]})["region"]["id"]
            location = self.call("POST", "/admin/stock-locations", {"name": "Madrid warehouse", "address": {
                "address_1": "Calle 1", "country_code": "es", "city": "Madrid"}})["stock_location"]["id"]
            self.call("POST", f"/admin/stock-locations/{location}/sales-channels", {"add": [channel]})
            self.call("POST", f"/admin/stock-locations/{location}/fulfillment-providers", {"add": ["manual_manual"]})
            shipping = self.call("POST", f"/admin/stock-locations/{location}/fulfillment-sets",
                                 {"name": "Madrid shipping", "type": "shipping"},
                                 fields="*fulfillment_sets")["stock_location"]["fulfillment_sets"][0]["id"]
            zone = self.call("POST", f"/admin/fulfillment-sets/{shipping}/service-zones", {
                "name": "Europe", "geo_zones": [{"type": "country", "country_code": c} for c in ("es", "gb")]},
                fields="*service_zones")["fulfillment_set"]["service_zones"][0]["id"]
            profile = self.call("GET", "/admin/shipping-profiles")["shipping_profiles"][0]["id"]
            option = self.call("POST", "/admin/shipping-options", {
                "name": "Standard", "service_zone_id": zone, "shipping_profile_id": profile,
                "provider_id": "manual_manual", "price_type": "flat",
                "type": {"label": "Standard", "description": "2-3 days", "code": "standard"},
                "prices": [{"currency_code": "eur", "amount": 4.99}],
                "rules": [{"attribute": "enabled_in_store", "value": "true", "operator": "eq"},
                          {"attribute": "is_return", "value": "false", "operator": "eq"}]})["shipping_option"]["id"]
            self._catalogue = {"channel": channel, "region": region, "location": location, "option": option,
                               "profile": profile}
        return self._catalogue

    def product(self, title: str, sku: str, price: float, warranty_months: Optional[int] = None) -> str:
        """A published product with one variant (its warranty in the product's metadata, as the
        shop fills it); returns the variant's id."""
        c = self.catalogue()
        product = self.call("POST", "/admin/products", {
            "title": title, "handle": sku.lower(), "status": "published", "shipping_profile_id": c["profile"],
            "sales_channels": [{"id": c["channel"]}], "options": [{"title": "Default", "values": ["Default"]}],
            "metadata": {"warranty_months": warranty_months} if warranty_months is not None else {},
            "variants": [{"title": "Default", "sku": sku, "manage_inventory": False, "options": {"Default": "Default"},
                          "prices": [{"currency_code": "eur", "amount": price}]}]})["product"]
        return product["variants"][0]["id"]

    def order(self, email: str, variant: str, *, paid: bool = True, tracking: Optional[str] = None,
              delivered: bool = False, carrier: str = "SEUR", metadata: Optional[dict] = None) -> "ShopOrder":
        """An order as the shop takes one (a draft converted to an order), then paid, and shipped
        with `tracking` and delivered when asked."""
        c = self.catalogue()
        customer = self.call("POST", "/admin/customers", {"email": email, "first_name": "Ana",
                                                          "last_name": "Pérez"})["customer"]["id"]
        address = {"first_name": "Ana", "last_name": "Pérez", "address_1": "Calle Mayor 8", "city": "Madrid",
                   "country_code": "es", "postal_code": "28013"}
        draft = self.call("POST", "/admin/draft-orders", {
            "email": email, "customer_id": customer, "region_id": c["region"], "sales_channel_id": c["channel"],
            "items": [{"variant_id": variant, "quantity": 1}], "metadata": metadata or {},
            "shipping_methods": [{"shipping_option_id": c["option"], "name": "Standard", "amount": 4.99}],
            "shipping_address": address, "billing_address": address})["draft_order"]
        order = self.call("POST", f"/admin/draft-orders/{draft['id']}/convert-to-order")["order"]
        items = self.call("GET", f"/admin/orders/{order['id']}", fields="total,*items")["order"]
        if paid:
            collection = self.call("POST", "/admin/payment-collections",
                                   {"order_id": order["id"], "amount": items["total"]})["payment_collection"]["id"]
            self.call("POST", f"/admin/payment-collections/{collection}/mark-as-paid", {"order_id": order["id"]})
        if tracking:
            lines = [{"id": item["id"], "quantity": item["quantity"]} for item in items["items"]]
            fulfillment = self.call("POST", f"/admin/orders/{order['id']}/fulfillments", {
                "items": lines, "location_id": c["location"], "metadata": {"carrier": carrier}},
                fields="*fulfillments")["order"]["fulfillments"][-1]["id"]
            self.call("POST", f"/admin/orders/{order['id']}/fulfillments/{fulfillment}/shipments", {
                "items": lines, "labels": [{"tracking_number": tracking, "tracking_url": f"https://track.example/{tracking}",
                                            "label_url": f"https://label.example/{tracking}"}]})
            if delivered:
                self.call("POST", f"/admin/orders/{order['id']}/fulfillments/{fulfillment}/mark-as-delivered", {})
        return ShopOrder(order["id"], order["display_id"], email, float(items["total"]))


@dataclass(frozen=True)
class ShopOrder:
    id: str
    display_id: int
    email: str
    total: float

    @property
    def reference(self) -> str:
        return f"#{self.display_id}"
