"""The tracking webhook over real HTTP (the web app on waitress, SQLite and PostgreSQL): a signed update
is kept once however often it is delivered and lands on its parcel, now or when the order comes in
later; a wrong or missing signature, a stale signed time, malformed JSON and an oversized body are
refused with nothing kept and nothing of the body logged; AfterShip's format is read when its secret
is set, and its endpoint is off otherwise."""
from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import datetime, timedelta

import pytest
import requests
from sqlalchemy import func, select

from bot.orders.lookup import find_order
from bot.orders.records_import import import_records
from bot.orders.tracking import base64_signature, hex_signature
from bot.store import session_scope
from bot.store.models import TrackingUpdate

SECRET, AFTERSHIP_SECRET = "tracking-test-secret", "aftership-test-secret"


@pytest.fixture(autouse=True)
def secrets(configure):
    configure(TRACKING_WEBHOOK_SECRET=SECRET, AFTERSHIP_WEBHOOK_SECRET=None)


def _update(tracking: str, *, event_id: str | None = None, sent_at: datetime | None = None,
            proof: bool = True) -> bytes:
    body = {"event_id": event_id or uuid.uuid4().hex, "sent_at": (sent_at or datetime.utcnow()).isoformat() + "Z",
            "tracking_number": tracking,
            "scans": [{"at": "2026-11-05T09:00:00Z", "code": "out_for_delivery", "location": "Madrid"},
                      {"at": "2026-11-05T14:05:00Z", "code": "delivered", "location": "portal, calle Mayor 8"}]}
    if proof:
        body["proof"] = {"kind": "signature", "captured_at": "2026-11-05T14:05:00Z", "detail": "signed by M. Sánchez",
                         "certified": True}
    return json.dumps(body).encode()


def _post(console: str, body: bytes, signature: str | None = None, path: str = "/webhooks/tracking",
          header: str = "X-Tracking-Signature") -> requests.Response:
    headers = {"Content-Type": "application/json", **({header: signature} if signature else {})}
    return requests.post(f"{console}{path}", data=body, headers=headers, timeout=30)


def _order(tracking: str) -> dict:
    number = str(uuid.uuid4().int)[:5]
    return {"customers": [{"reference": f"CU-T{number}", "name": "Ana", "email": f"ana.{number}@example.es"}],
            "products": [{"sku": "LAMP-1", "name": "lamp", "warranty_months": 0}],
            "orders": [{"reference": f"ORD-9{number[:4]}", "customer": f"CU-T{number}",
                        "placed_at": "2026-11-01T10:00:00",
                        "currency": "EUR", "items": [{"sku": "LAMP-1", "quantity": 1, "unit_price": "20"}],
                        "shipments": [{"carrier": "SEUR", "tracking": tracking}]}]}


def _parcel(store, reference: str):
    with session_scope(store) as session:
        shipment = find_order(session, reference).shipments[0]
        return [(e.code, e.at) for e in shipment.events], [(p.kind, p.detail, p.certified) for p in shipment.proofs]


def _kept(store, tracking: str) -> int:
    with session_scope(store) as session:
        return session.execute(select(func.count()).select_from(TrackingUpdate)
                               .where(TrackingUpdate.tracking == tracking)).scalar_one()


def test_a_signed_update_lands_on_its_parcel_once(console, store):
    tracking = f"SE{uuid.uuid4().hex[:8]}"
    data = _order(tracking)
    with session_scope(store) as session:
        import_records(session, data)
    body = _update(tracking)
    first, again = (_post(console, body, hex_signature(SECRET, body)) for _ in range(2))
    assert (first.status_code, first.json()) == (200, {"status": "kept"})
    assert (again.status_code, again.json()) == (200, {"status": "already kept"})
    events, proofs = _parcel(store, data["orders"][0]["reference"])
    assert [code for code, _ in events] == ["out_for_delivery", "delivered"]
    assert proofs == [("signature", "signed by M. Sánchez", True)]
    with session_scope(store) as session:  # the order imported again: its parcel is replaced, the scans come back
        import_records(session, data)
    assert _parcel(store, data["orders"][0]["reference"]) == (events, proofs)


def test_an_update_for_an_unknown_parcel_is_kept_and_matched_when_its_order_comes(console, store):
    tracking = f"SE{uuid.uuid4().hex[:8]}"
    body = _update(tracking, proof=False)
    assert _post(console, body, hex_signature(SECRET, body)).status_code == 200
    data = _order(tracking)
    with session_scope(store) as session:
        import_records(session, data)
    events, proofs = _parcel(store, data["orders"][0]["reference"])
    assert [code for code, _ in events] == ["out_for_delivery", "delivered"] and proofs == []


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "not even a signature"])
def test_a_wrong_or_missing_signature_is_refused_and_nothing_kept(console, store, signature, caplog):
    tracking = f"SE{uuid.uuid4().hex[:8]}"
    body = _update(tracking)
    with caplog.at_level(logging.WARNING):
        answer = _post(console, body, signature)
    assert answer.status_code == 401 and _kept(store, tracking) == 0
    assert tracking not in caplog.text and "Sánchez" not in caplog.text, "the body is never logged"


def test_a_stale_signed_time_is_a_replay(console, store):
    tracking = f"SE{uuid.uuid4().hex[:8]}"
    body = _update(tracking, sent_at=datetime.utcnow() - timedelta(hours=1))
    answer = _post(console, body, hex_signature(SECRET, body))
    assert answer.status_code == 401 and "too far" in answer.json()["error"] and _kept(store, tracking) == 0


BAD_SCAN = {"event_id": "e", "sent_at": "2026-11-05T09:00:00Z", "tracking_number": "T1",
            "scans": [{"at": "x", "code": "lost"}]}


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"event_id": "x"}', json.dumps(BAD_SCAN).encode()])
def test_malformed_updates_are_refused_without_echoing_them(console, body):
    answer = _post(console, body, hex_signature(SECRET, body))
    assert answer.status_code == 400
    assert "lost" not in answer.text and "not json" not in answer.text


def test_an_oversized_body_is_refused_before_it_is_read(console):
    body = b" " * 300_000
    assert _post(console, body, hex_signature(SECRET, body)).status_code == 413


def test_aftership_is_off_until_its_secret_is_set_then_read(console, store, configure):
    tracking = f"AS{uuid.uuid4().hex[:8]}"
    body = json.dumps({"event": "tracking_update", "event_id": str(uuid.uuid4()), "ts": int(time.time()),
                       "msg": {"tracking_number": tracking, "slug": "seur", "tag": "Delivered",
                               "signed_by": "M. Sánchez",
                               "checkpoints": [{"checkpoint_time": "2026-11-04T08:00:00+01:00", "tag": "InTransit"},
                                               {"checkpoint_time": "2026-11-05T15:05:00+01:00", "tag": "Delivered",
                                                "location": "Madrid"},
                                               {"checkpoint_time": "2026-11-05T15:06:00+01:00", "tag": "InfoReceived"}]}
                       }).encode()
    signature = base64_signature(AFTERSHIP_SECRET, body)
    path, header = "/webhooks/tracking/aftership", "aftership-hmac-sha256"
    assert _post(console, body, signature, path, header).status_code == 404
    configure(AFTERSHIP_WEBHOOK_SECRET=AFTERSHIP_SECRET)
    assert _post(console, body, base64_signature("another secret", body), path, header).status_code == 401
    assert _post(console, body, signature, path, header).status_code == 200
    data = _order(tracking)
    with session_scope(store) as session:
        import_records(session, data)
    events, proofs = _parcel(store, data["orders"][0]["reference"])
    assert events == [("in_transit", datetime(2026, 11, 4, 7)), ("delivered", datetime(2026, 11, 5, 14, 5))]
    assert proofs == [("signature", "signed by M. Sánchez", True)]
