"""Import a company's records from the JSON format of docs/data-format.md.

Validates the whole file first and writes nothing unless it is all valid; re-importing
updates rows by their references instead of duplicating them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.complaints.cases import IMPORTED, Status
from bot.complaints.categories import NAMES as CATEGORY_NAMES
from bot.complaints.category_policy import REMEDIES
from bot.orders.tracking import apply_updates
from bot.store.models import (
    EVENT_CODES,
    PROOF_KINDS,
    CarrierEvent,
    Case,
    Customer,
    DeliveryProof,
    GoodwillGrant,
    Order,
    OrderItem,
    Payment,
    PickRecord,
    Product,
    RepairNote,
    Return,
    Shipment,
)

PAYMENT_KINDS = ("charge", "refund", "preauth", "preauth_release")
REPAIR_FINDINGS = ("misuse", "defect", "no_fault")
OUTCOMES = ("goodwill", "explained", "handoff")
# Larger amounts do not fit the NUMERIC(12, 2) columns; larger counts are no real quantity.
LARGEST_AMOUNT = Decimal("9999999999.99")
LARGEST_COUNT = 1_000_000


class ImportErrors(ValueError):
    """The file is not valid; `errors` lists every problem with its place in the file."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s) in the records file")
        self.errors = errors


@dataclass
class ImportSummary:
    customers: int = 0
    products: int = 0
    orders: int = 0
    complaints: int = 0
    goodwill: int = 0


class _Validator:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def field(self, obj: Any, key: str, path: str, kind: str, optional: bool = False,
              choices: tuple[str, ...] = (), longest: int = 64) -> Any:
        if not isinstance(obj, dict):
            self.errors.append(f"{path}: expected an object")
            return None
        if key not in obj or obj[key] is None:
            if not optional:
                self.errors.append(f"{path}.{key}: required")
            return None
        value, where = obj[key], f"{path}.{key}"
        checks: dict[str, Callable[[Any], Any]] = {
            "text": lambda v: v if isinstance(v, str) and v.strip() and len(v) <= longest else None,
            "int": lambda v: v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= LARGEST_COUNT else None,
            "bool": lambda v: v if isinstance(v, bool) else None,
            "money": _money,
            "datetime": _datetime,
            "currency": lambda v: v if isinstance(v, str) and len(v) == 3 and v.isalpha() and v.isupper() else None,
            "list": lambda v: v if isinstance(v, list) else None,
        }
        parsed = checks[kind](value)
        if parsed is None:
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            limit = f" of at most {longest} characters" if kind == "text" else ""
            self.errors.append(f"{where}: expected {kind}{limit}, got {shown}")
        elif choices and parsed not in choices:
            self.errors.append(f"{where}: {value!r} is not one of {', '.join(choices)}")
            return None
        return parsed

    def items(self, obj: Any, key: str, path: str, optional: bool = True) -> list[tuple[str, Any]]:
        values = self.field(obj, key, path, "list", optional=optional) or []
        return [(f"{path}.{key}[{i}]", v) for i, v in enumerate(values)]


def _money(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and 0 <= amount <= LARGEST_AMOUNT else None


def _datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=None) if parsed.tzinfo is None else parsed.astimezone().replace(tzinfo=None)


def validate(data: Any) -> list[str]:
    """Every problem in a parsed records file, each with its place (e.g. `orders[2].items[0].sku`)."""
    v = _Validator()
    if not isinstance(data, dict):
        return ["$: expected an object with customers, products, orders"]
    customers: set[str] = set()
    products: set[str] = set()
    orders: set[str] = set()
    payments: set[str] = set()
    for path, c in v.items(data, "customers", "$", optional=False):
        ref = v.field(c, "reference", path, "text")
        v.field(c, "name", path, "text", longest=200)
        email = v.field(c, "email", path, "text", longest=320)
        if email and "@" not in email:
            v.errors.append(f"{path}.email: not an email address: {email!r}")
        v.field(c, "phone", path, "text", optional=True, longest=40)
        v.field(c, "language", path, "text", optional=True, choices=("en", "es"))
        _unique(v, customers, ref, path)
    for path, p in v.items(data, "products", "$"):
        _unique(v, products, v.field(p, "sku", path, "text"), path)
        v.field(p, "name", path, "text", longest=200)
        v.field(p, "warranty_months", path, "int")
    for path, o in v.items(data, "orders", "$", optional=False):
        _unique(v, orders, v.field(o, "reference", path, "text", longest=32), path)
        _known(v, customers, v.field(o, "customer", path, "text"), f"{path}.customer", "customer")
        v.field(o, "placed_at", path, "datetime")
        v.field(o, "promised_by", path, "datetime", optional=True)
        v.field(o, "currency", path, "currency")
        v.field(o, "shipping_fee", path, "money", optional=True)
        lines = v.items(o, "items", path, optional=False)
        if isinstance(o, dict) and isinstance(o.get("items"), list) and not lines:
            v.errors.append(f"{path}.items: an order needs at least one item")
        for ipath, item in lines:
            _known(v, products, v.field(item, "sku", ipath, "text"), f"{ipath}.sku", "product")
            v.field(item, "quantity", ipath, "int")
            v.field(item, "unit_price", ipath, "money")
        for spath, s in v.items(o, "shipments", path):
            v.field(s, "carrier", spath, "text", longest=100)
            v.field(s, "tracking", spath, "text", longest=100)
            for epath, e in v.items(s, "events", spath):
                v.field(e, "at", epath, "datetime")
                v.field(e, "code", epath, "text", choices=EVENT_CODES)
                v.field(e, "location", epath, "text", optional=True, longest=200)
            for ppath, pr in v.items(s, "proofs", spath):
                v.field(pr, "kind", ppath, "text", choices=PROOF_KINDS)
                v.field(pr, "captured_at", ppath, "datetime")
                v.field(pr, "detail", ppath, "text", longest=500)
                v.field(pr, "certified", ppath, "bool")
        for ppath, pay in v.items(o, "payments", path):
            _unique(v, payments, v.field(pay, "reference", ppath, "text"), ppath)
            v.field(pay, "kind", ppath, "text", choices=PAYMENT_KINDS)
            v.field(pay, "amount", ppath, "money")
            v.field(pay, "at", ppath, "datetime")
        for ppath, pick in v.items(o, "picks", path):
            v.field(pick, "sku", ppath, "text")
            v.field(pick, "quantity", ppath, "int")
            v.field(pick, "scanned_at", ppath, "datetime")
        for rpath, ret in v.items(o, "returns", path):
            v.field(ret, "sku", rpath, "text")
            v.field(ret, "received_at", rpath, "datetime")
            for npath, note in v.items(ret, "repair_notes", rpath):
                v.field(note, "at", npath, "datetime")
                v.field(note, "finding", npath, "text", choices=REPAIR_FINDINGS)
                v.field(note, "note", npath, "text", longest=10_000)
    for path, c in v.items(data, "complaints", "$"):
        v.field(c, "reference", path, "text")
        _known(v, customers, v.field(c, "customer", path, "text"), f"{path}.customer", "customer")
        _known(v, orders, v.field(c, "order", path, "text", optional=True), f"{path}.order", "order")
        v.field(c, "category", path, "text", choices=CATEGORY_NAMES)
        v.field(c, "outcome", path, "text", optional=True, choices=OUTCOMES)
        v.field(c, "created_at", path, "datetime")
    for path, g in v.items(data, "goodwill", "$"):
        v.field(g, "reference", path, "text")
        _known(v, customers, v.field(g, "customer", path, "text"), f"{path}.customer", "customer")
        _known(v, orders, v.field(g, "order", path, "text", optional=True), f"{path}.order", "order")
        v.field(g, "remedy", path, "text", choices=REMEDIES)
        v.field(g, "amount", path, "money")
        v.field(g, "currency", path, "currency")
        v.field(g, "granted_at", path, "datetime")
    return v.errors


def _unique(v: _Validator, seen: set, key: str | None, path: str) -> None:
    if key is None:
        return
    if key in seen:
        v.errors.append(f"{path}: duplicate reference {key!r}")
    seen.add(key)


def _known(v: _Validator, known: set, key: str | None, path: str, what: str) -> None:
    if key is not None and key not in known:
        v.errors.append(f"{path}: unknown {what} {key!r}")


def _upsert(session: Session, model, key: str, key_value: Any, /, **fields: Any):
    row = session.execute(select(model).where(getattr(model, key) == key_value)).scalar_one_or_none()
    if row is None:
        row = model(**{key: key_value})
        session.add(row)
    for name, field_value in fields.items():
        setattr(row, name, field_value)
    return row


def _replace_children(session: Session, order: Order) -> None:
    """Re-importing an order replaces its lines, shipments, picks and returns wholesale."""
    for shipment in order.shipments:
        for child in (*shipment.events, *shipment.proofs):
            session.delete(child)
        session.delete(shipment)
    for ret in order.returns:
        for note in ret.repair_notes:
            session.delete(note)
        session.delete(ret)
    for child in (*order.items, *order.picks):
        session.delete(child)
    session.flush()
    session.expire(order)


def conflicts_with_store(session: Session, data: dict) -> list[str]:
    """Payments the file gives to one order that the store already has on another: a payment is
    never moved between orders by an import."""
    errors = []
    for i, o in enumerate(data["orders"]):
        for j, pay in enumerate(o.get("payments", [])):
            owner = session.execute(select(Order.reference).join(Payment, Payment.order_id == Order.id)
                                    .where(Payment.reference == pay["reference"])).scalar_one_or_none()
            if owner is not None and owner != o["reference"].upper():
                errors.append(f"$.orders[{i}].payments[{j}].reference: payment {pay['reference']!r} already "
                              f"belongs to order {owner}")
    return errors


def import_records(session: Session, data: dict) -> ImportSummary:
    """Validate (the file, then against the store), then write everything in the caller's
    transaction. Raises ImportErrors."""
    errors = validate(data) or conflicts_with_store(session, data)
    if errors:
        raise ImportErrors(errors)
    summary = ImportSummary()
    customers = {}
    for c in data["customers"]:
        customers[c["reference"]] = _upsert(
            session, Customer, "reference", c["reference"], name=c["name"], email=c["email"].strip().lower(),
            phone=c.get("phone"), language=c.get("language", "en"))
        summary.customers += 1
    for p in data.get("products", []):
        _upsert(session, Product, "sku", p["sku"], name=p["name"], warranty_months=p["warranty_months"])
        summary.products += 1
    session.flush()
    orders = {}
    for o in data["orders"]:
        value = sum((_money(i["unit_price"]) * i["quantity"] for i in o["items"]), Decimal("0"))
        order = _upsert(
            session, Order, "reference", o["reference"].upper(), customer=customers[o["customer"]],
            placed_at=_datetime(o["placed_at"]),
            promised_by=_datetime(o["promised_by"]) if o.get("promised_by") else None,
            value=value, shipping_fee=_money(o.get("shipping_fee", 0)), currency=o["currency"])
        session.flush()
        _replace_children(session, order)
        _add_order_children(session, order, o)
        apply_updates(session, order)  # carrier scans a tracking webhook pushed for its parcels
        orders[o["reference"]] = order
        summary.orders += 1
    session.flush()
    for c in data.get("complaints", []):
        order = orders.get(c.get("order")) if c.get("order") else None
        _upsert(session, Case, "conversation_id", f"{IMPORTED}{c['reference']}",
                customer_id=customers[c["customer"]].id, order_id=order.id if order else None,
                category=c["category"], outcome=c.get("outcome"), status=Status.CLOSED,
                created_at=_datetime(c["created_at"]), updated_at=_datetime(c["created_at"]))
        summary.complaints += 1
    for g in data.get("goodwill", []):
        order = orders.get(g.get("order")) if g.get("order") else None
        _upsert(session, GoodwillGrant, "reference", g["reference"], customer_id=customers[g["customer"]].id,
                order_id=order.id if order else None, remedy=g["remedy"], amount=_money(g["amount"]),
                currency=g["currency"], granted_at=_datetime(g["granted_at"]))
        summary.goodwill += 1
    return summary


def _add_order_children(session: Session, order: Order, o: dict) -> None:
    for i in o["items"]:
        session.add(OrderItem(order_id=order.id, sku=i["sku"], quantity=i["quantity"],
                              unit_price=_money(i["unit_price"])))
    for s in o.get("shipments", []):
        shipment = Shipment(order_id=order.id, carrier=s["carrier"], tracking=s["tracking"])
        session.add(shipment)
        session.flush()
        for e in s.get("events", []):
            session.add(CarrierEvent(shipment_id=shipment.id, at=_datetime(e["at"]), code=e["code"],
                                     location=e.get("location")))
        for p in s.get("proofs", []):
            session.add(DeliveryProof(shipment_id=shipment.id, kind=p["kind"], captured_at=_datetime(p["captured_at"]),
                                      detail=p["detail"], certified=p["certified"]))
    for p in o.get("payments", []):
        _upsert(session, Payment, "reference", p["reference"], order_id=order.id, kind=p["kind"],
                amount=_money(p["amount"]), currency=o["currency"], at=_datetime(p["at"]))
    for p in o.get("picks", []):
        session.add(PickRecord(order_id=order.id, sku=p["sku"], quantity=p["quantity"],
                               scanned_at=_datetime(p["scanned_at"])))
    for r in o.get("returns", []):
        ret = Return(order_id=order.id, sku=r["sku"], received_at=_datetime(r["received_at"]))
        session.add(ret)
        session.flush()
        for n in r.get("repair_notes", []):
            session.add(RepairNote(return_id=ret.id, at=_datetime(n["at"]), finding=n["finding"], note=n["note"]))


def load_file(path: Path) -> Any:
    """Parse a records file; a JSON syntax error, a number too long to read or nesting too deep
    is reported like a validation error."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ImportErrors([f"line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}"]) from exc
    except RecursionError as exc:
        raise ImportErrors(["invalid JSON: nested too deeply"]) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportErrors([f"invalid JSON: {str(exc)[:200]}"]) from exc
