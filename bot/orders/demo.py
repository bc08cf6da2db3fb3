"""Demo records covering every outcome in both languages, moved to today's dates.

Loads `demo_records.json` (the documented import format) through the normal importer.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.orders.records_import import ImportSummary, import_records

DEMO_FILE = Path(__file__).resolve().parent / "demo_records.json"
# The file's dates are written as if today were this day; seeding shifts them to today.
ANCHOR = datetime(2026, 11, 1)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def shift_dates(value: Any, delta: timedelta) -> Any:
    """Every ISO datetime string in a parsed records file, moved by `delta`."""
    if isinstance(value, dict):
        return {k: shift_dates(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [shift_dates(v, delta) for v in value]
    if isinstance(value, str) and _ISO.match(value):
        return (datetime.fromisoformat(value) + delta).isoformat()
    return value


def demo_records(today: datetime | None = None) -> dict:
    """The demo file with its dates moved so that `ANCHOR` falls on `today`."""
    delta = (today or datetime.utcnow()).replace(hour=0, minute=0, second=0, microsecond=0) - ANCHOR
    return shift_dates(json.loads(DEMO_FILE.read_text(encoding="utf-8")), timedelta(days=delta.days))


def seed_demo(session: Session, today: datetime | None = None) -> ImportSummary:
    return import_records(session, demo_records(today))


def copy_demo_order(session: Session, demo_reference: str, number: int) -> tuple[str, str]:
    """Imports a copy of a demo order as `ORD-{number}` for a new customer `CU-{number}`, so a
    conversation about it has no earlier history; returns (order reference, customer email)."""
    data = demo_records()
    order = next(o for o in data["orders"] if o["reference"] == demo_reference)
    customer = next(c for c in data["customers"] if c["reference"] == order["customer"])
    order["reference"], customer["reference"] = f"ORD-{number}", f"CU-{number}"
    order["customer"] = customer["reference"]
    name, domain = customer["email"].split("@")
    customer["email"] = f"{name}.{number}@{domain}"
    for i, payment in enumerate(order.get("payments", [])):
        payment["reference"] = f"PAY-{number}-{i}"
    import_records(session, {"customers": [customer], "products": data["products"], "orders": [order]})
    return order["reference"], customer["email"]
