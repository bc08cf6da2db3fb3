"""A real Medusa v2 shop for the tests (one per test run, on a fresh copy of its template database), and
a shop owner's Admin API calls that put orders in it: a region, a warehouse that ships, a product,
a customer, an order paid, fulfilled and shipped with a tracking number."""
from __future__ import annotations

import base64
import os
import shutil
import uuid
from dataclasses import dataclass
from typing import Any, Iterator, Optional

import pytest
import requests
from sqlalchemy.engine import make_url

from bot import settings
from bot.orders.sources import medusa_shop
from bot.serving.services import free_port
from tests.services import POSTGRES_ADMIN, port_open


class ShopOwner:
    """The shop owner's side of the Admin API, with a secret API key."""

    def __init__(self, url: str, api_key: str) -> None:
        self.url = url
        self.headers = {"Authorization": "Basic " + base64.b64encode(f"{api_key}:".encode()).decode()}
        self._catalogue: Optional[dict[str, str]] = None

    def call(self, method: str, path: str, body: Optional[dict] = None, **params: Any) -> dict[str, Any]:
        answer = requests.request(method, f"{self.url}{path}", json=body, params=params, headers=self.headers,
                                  timeout=60)
        assert answer.status_code < 300, f"{method} {path}: {answer.status_code} {answer.text[:500]}"
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


@dataclass(frozen=True)
class Shop:
    url: str
    api_key: str
    owner: ShopOwner
    process: medusa_shop.RunningShop


def _require_medusa() -> None:
    missing = [what for what, ok in (("npm", shutil.which("npm")), ("PostgreSQL", port_open(5432))) if not ok]
    if missing:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"the Medusa tests need {', '.join(missing)} and REQUIRE_SERVICES=1", pytrace=False)
        pytest.skip(f"the Medusa tests need {', '.join(missing)}")


@pytest.fixture(scope="session")
def medusa(tmp_path_factory) -> Iterator[Shop]:
    """One real Medusa shop for the test run, with a secret API key for the bot."""
    _require_medusa()
    folder = medusa_shop.install(settings.cache_dir())
    database = f"medusa_run_{uuid.uuid4().hex[:8]}"
    running = medusa_shop.start(folder, make_url(POSTGRES_ADMIN).render_as_string(hide_password=False), database,
                                free_port(), tmp_path_factory.mktemp("medusa") / "medusa.log")
    try:
        key = running.secret_api_key()
        yield Shop(running.url, key, ShopOwner(running.url, key), running)
    finally:
        running.stop()
        medusa_shop.drop_database(POSTGRES_ADMIN, database)
