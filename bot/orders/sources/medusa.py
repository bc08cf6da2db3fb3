"""A Medusa v2 shop as the records source: the order a customer names, read live through the Admin API
with a secret API key, and written into our store in the import format, where the identity check and
the evidence checks read it as they read imported records.

Reading only (a timeout, one retry, a short cache); it never changes the shop. Which fields map to
which records is in docs/records.md.
"""
from __future__ import annotations

import base64
import threading
import time
from decimal import Decimal
from typing import Any, Optional

import requests
from sqlalchemy.orm import Session

from bot.orders.records_import import ImportErrors, import_records
from bot.orders.sources.base import SourceUnavailable

TIMEOUT_SECONDS = 5.0
CACHE_SECONDS = 30.0
# What the bot reads of an order: the order's own email, its lines, payments and their captures and
# refunds, fulfillments with their tracking labels, and returns.
ORDER_FIELDS = ",".join((
    "id", "display_id", "email", "currency_code", "created_at", "metadata", "shipping_total",
    "*customer", "*items", "items.product.metadata", "*fulfillments", "*fulfillments.labels", "*payment_collections",
    "*payment_collections.payments", "*payment_collections.payments.captures",
    "*payment_collections.payments.refunds", "*returns", "*returns.items",
))


def shop_reference(display_id: int) -> str:
    """How the shop shows an order to its customer, and how our store keeps it: '#1042'."""
    return f"#{display_id}"


class MedusaClient:
    """The Admin API with a secret API key (HTTP Basic, the key as user name)."""

    def __init__(self, url: str, api_key: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url, self.timeout = url.rstrip("/"), timeout
        self._auth = "Basic " + base64.b64encode(f"{api_key}:".encode()).decode()

    def get(self, path: str, **params: Any) -> dict[str, Any]:
        """The answer's JSON; a timeout, a refused connection or a 5xx is tried once more, then
        SourceUnavailable. A 4xx is the caller's mistake and raises at once."""
        for attempt in (1, 2):
            try:
                answer = requests.get(f"{self.url}{path}", params=params, headers={"Authorization": self._auth},
                                      timeout=self.timeout)
            except requests.RequestException as error:
                if attempt == 2:
                    raise SourceUnavailable(f"the shop did not answer: {error.__class__.__name__}") from None
                continue
            if answer.status_code >= 500 and attempt == 1:
                continue
            if answer.status_code >= 400:
                raise SourceUnavailable(f"the shop answered {answer.status_code}")
            return answer.json()
        raise SourceUnavailable("the shop did not answer")  # not reached: the loop returns or raises

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A change in the shop, sent once (never retried here: whether it happened is asked afterwards,
        bot.remedies.executor)."""
        try:
            answer = requests.post(f"{self.url}{path}", json=body, headers={"Authorization": self._auth},
                                   timeout=self.timeout)
        except requests.RequestException as error:
            raise SourceUnavailable(f"the shop did not answer: {error.__class__.__name__}") from None
        if answer.status_code >= 400:
            raise SourceUnavailable(f"the shop answered {answer.status_code}")
        return answer.json()

    def order_by_display_id(self, display_id: int) -> Optional[dict[str, Any]]:
        """The order the shop shows as #`display_id`, with ORDER_FIELDS. The Admin API filters orders
        by text (`q`), not by number: the text search usually finds it at once; else a binary search
        over the orders sorted by number (a request per halving)."""
        found = self.get("/admin/orders", q=str(display_id), fields=ORDER_FIELDS, limit=20)["orders"]
        match = next((o for o in found if o.get("display_id") == display_id), None)
        if match is not None:
            return match
        match = self._bisect(display_id)
        return self.get(f"/admin/orders/{match['id']}", fields=ORDER_FIELDS)["order"] if match else None

    def _bisect(self, display_id: int) -> Optional[dict[str, Any]]:
        low, high = 0, int(self.get("/admin/orders", fields="id", limit=1)["count"]) - 1
        while low <= high:
            middle = (low + high) // 2
            [order] = self.get("/admin/orders", fields="id,display_id", order="display_id", offset=middle,
                               limit=1)["orders"]
            if order["display_id"] == display_id:
                return order
            low, high = (middle + 1, high) if order["display_id"] < display_id else (low, middle - 1)
        return None


def _money(value: Any) -> str:
    return str(Decimal(str(value or 0)).quantize(Decimal("0.01")))


def _payments(order: dict[str, Any]) -> list[dict[str, Any]]:
    """Captures are charges and refunds are refunds, each under the shop's own id."""
    ledger = []
    for collection in order.get("payment_collections") or []:
        for payment in collection.get("payments") or []:
            for capture in payment.get("captures") or []:
                ledger.append({"reference": capture["id"], "kind": "charge", "amount": _money(capture["amount"]),
                               "at": capture["created_at"]})
            for refund in payment.get("refunds") or []:
                ledger.append({"reference": refund["id"], "kind": "refund", "amount": _money(refund["amount"]),
                               "at": refund["created_at"]})
    return ledger


def _shipments(order: dict[str, Any]) -> list[dict[str, Any]]:
    """A fulfillment with a tracking label is a parcel: shipped is a pick-up scan, delivered a
    delivery scan (without a proof: the shop keeps none). The carrier is the fulfillment's metadata
    `carrier`, which the shop fills."""
    parcels = []
    for fulfillment in order.get("fulfillments") or []:
        labels = fulfillment.get("labels") or []
        if not labels or fulfillment.get("canceled_at"):
            continue
        events = [{"at": at, "code": code} for code, at in (("picked_up", fulfillment.get("shipped_at")),
                                                            ("delivered", fulfillment.get("delivered_at"))) if at]
        carrier = (fulfillment.get("metadata") or {}).get("carrier") or "unknown carrier"
        parcels.append({"carrier": str(carrier)[:64], "tracking": str(labels[0]["tracking_number"])[:64],
                        "events": events})
    return parcels


def _returns(order: dict[str, Any], skus: dict[str, str]) -> list[dict[str, Any]]:
    received = []
    for ret in order.get("returns") or []:
        for item in ret.get("items") or []:
            if ret.get("received_at") and item.get("item_id") in skus:
                received.append({"sku": skus[item["item_id"]], "received_at": ret["received_at"]})
    return received


def _warranty_months(item: dict[str, Any]) -> int:
    """The product's metadata `warranty_months`, which the shop fills; 0 (no warranty on record) else."""
    months = ((item.get("product") or {}).get("metadata") or {}).get("warranty_months")
    return months if isinstance(months, int) and not isinstance(months, bool) and 0 <= months <= 1_000_000 else 0


def order_records(order: dict[str, Any]) -> dict[str, Any]:
    """One Medusa order in the import format (docs/data-format.md). The customer is keyed by the
    shop's customer id and carries the order's own email, which the identity check compares."""
    customer = order.get("customer") or {}
    customer_reference = f"medusa:{customer.get('id') or order['id']}"
    name = " ".join(part for part in (customer.get("first_name"), customer.get("last_name")) if part)
    skus = {item["id"]: str(item.get("variant_sku") or item.get("variant_id") or item["id"])[:64]
            for item in order.get("items") or []}
    products = {skus[item["id"]]: (str(item.get("product_title") or item.get("title") or "item")[:200],
                                   _warranty_months(item)) for item in order.get("items") or []}
    metadata = order.get("metadata") or {}
    record: dict[str, Any] = {
        "reference": shop_reference(order["display_id"]), "customer": customer_reference,
        "placed_at": order["created_at"], "currency": str(order["currency_code"]).upper(),
        "shipping_fee": _money(order.get("shipping_total")),
        "items": [{"sku": skus[item["id"]], "quantity": int(item["quantity"]), "unit_price": _money(item["unit_price"])}
                  for item in order.get("items") or []],
        "shipments": _shipments(order), "payments": _payments(order), "returns": _returns(order, skus),
    }
    if metadata.get("promised_by"):
        record["promised_by"] = metadata["promised_by"]
    return {
        "customers": [{"reference": customer_reference, "name": name or str(order["email"]).split("@")[0],
                       "email": order["email"]}],
        "products": [{"sku": sku, "name": title, "warranty_months": months}
                     for sku, (title, months) in products.items()],
        "orders": [record],
    }


class MedusaSource:
    """Brings the order a customer names into our store, fresh from the shop (at most every
    CACHE_SECONDS per order, across this process's threads)."""

    def __init__(self, client: MedusaClient, cache_seconds: float = CACHE_SECONDS) -> None:
        self.client, self.cache_seconds = client, cache_seconds
        self._fetched: dict[int, float] = {}
        self._lock = threading.Lock()

    def refresh(self, session: Session, reference: str) -> bool:
        """Whether the shop has the order `reference` ('#1042'); when it has, our store now holds
        it as the shop does. Raises SourceUnavailable when the shop cannot be asked."""
        display_id = int(reference.lstrip("#"))
        with self._lock:
            if time.monotonic() - self._fetched.get(display_id, -1e9) < self.cache_seconds:
                return True
        order = self.client.order_by_display_id(display_id)
        if order is None:
            return False
        try:
            import_records(session, order_records(order))
        except (ImportErrors, KeyError, TypeError, ValueError) as error:
            raise SourceUnavailable(f"the shop's order {reference} cannot be read: {error}") from None
        with self._lock:
            self._fetched[display_id] = time.monotonic()
        return True
