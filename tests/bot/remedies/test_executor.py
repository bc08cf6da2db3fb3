"""An accepted refund carried out in a real Medusa shop exactly once: done and recorded with the shop's
refund id; asked again, nothing more happens; two workers racing refund once; and the worker killed
at the worst moment (the shop has refunded, our commit has not happened) leaves a pending remedy that
the reconciler completes from the shop's own record, without refunding twice."""
from __future__ import annotations

import http.server
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import requests
from sqlalchemy.engine import make_url

from bot.console import takeover
from bot.console.takeover import Staff
from bot.orders.lookup import find_order
from bot.orders.sources.medusa import MedusaClient, MedusaSource
from bot.remedies.executor import carry_out, reconcile
from bot.remedies.live import live_remedies
from bot.remedies.medusa import MedusaRemedies, voucher_code
from bot.remedies.pending import request_remedy
from bot.settings import PROJECT_ROOT
from bot.store import session_scope
from bot.store.models import Case, ShopRemedy
from tests.bot.console.test_takeover import RecordingRasa
from tests.medusa import medusa  # noqa: F401  (the fixture)


@pytest.fixture(scope="module")
def lamp(medusa):  # noqa: F811
    return medusa.owner.product("Desk lamp", f"LAMP-{uuid.uuid4().hex[:6]}", 39)


def _accepted_refund(store, shop, variant, amount: str = "10.00", remedy: str = "refund") -> tuple[str, int]:
    """A paid shop order in our store and its case's accepted remedy, pending; (order reference, remedy id)."""
    order = shop.owner.order(f"r.{uuid.uuid4().hex[:8]}@example.es", variant)
    with session_scope(store) as session:
        MedusaSource(MedusaClient(shop.url, shop.api_key)).refresh(session, order.reference)
        kept = find_order(session, order.reference)
        case = Case(conversation_id=f"c-{uuid.uuid4().hex[:8]}", language="en", category="delivery",
                    order_id=kept.id, customer_id=kept.customer_id, status="closed", outcome="goodwill",
                    remedy=remedy, amount=Decimal(amount), currency="EUR")
        session.add(case)
        session.flush()
        pending = request_remedy(session, case, remedy=remedy, amount=Decimal(amount), currency="EUR",
                                 given_by="bot", now=datetime.utcnow())
        return order.reference, pending.id


def _shop_refunds(shop, reference: str) -> list[tuple[str, float]]:
    order = MedusaClient(shop.url, shop.api_key).order_by_display_id(int(reference.lstrip("#")))
    return [(r["note"], float(r["amount"])) for c in order["payment_collections"] for p in c["payments"]
            for r in p.get("refunds") or []]


def _remedy(store, remedy_id: int) -> ShopRemedy:
    with session_scope(store) as session:
        remedy = session.get(ShopRemedy, remedy_id)
        session.expunge(remedy)
        return remedy


def test_an_accepted_refund_is_carried_out_once(medusa, lamp, store):  # noqa: F811
    reference, remedy_id = _accepted_refund(store, medusa, lamp)
    shop = MedusaRemedies(MedusaClient(medusa.url, medusa.api_key))
    done = carry_out(store, remedy_id, shop)
    assert done and carry_out(store, remedy_id, shop) is None, "a done remedy is not carried out again"
    remedy = _remedy(store, remedy_id)
    assert (remedy.status, remedy.shop_reference) == ("done", done)
    assert _shop_refunds(medusa, reference) == [(remedy.key, 10.0)]


def test_two_workers_racing_refund_once(medusa, lamp, store):  # noqa: F811
    reference, remedy_id = _accepted_refund(store, medusa, lamp)
    shop = MedusaRemedies(MedusaClient(medusa.url, medusa.api_key))
    results: list = []
    workers = [threading.Thread(target=lambda: results.append(carry_out(store, remedy_id, shop))) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len([r for r in results if r]) == 1 and len(_shop_refunds(medusa, reference)) == 1


def test_a_shop_that_cannot_be_asked_leaves_the_remedy_pending(medusa, lamp, store):  # noqa: F811
    reference, remedy_id = _accepted_refund(store, medusa, lamp)
    gone = MedusaRemedies(MedusaClient("http://127.0.0.1:9", medusa.api_key, timeout=1.0))
    assert carry_out(store, remedy_id, gone) is None
    remedy = _remedy(store, remedy_id)
    assert (remedy.status, remedy.claimed_until, remedy.attempts) == ("pending", None, 1) and remedy.error
    assert reconcile(store, MedusaRemedies(MedusaClient(medusa.url, medusa.api_key))) >= 1
    assert _remedy(store, remedy_id).status == "done" and len(_shop_refunds(medusa, reference)) == 1


class _KillingProxy(http.server.ThreadingHTTPServer):
    """Passes requests to the shop; once the shop has answered a refund, kills the worker before the
    worker can read the answer (let alone commit it)."""

    def __init__(self, shop_url: str) -> None:
        self.shop_url, self.victim, self.killed = shop_url, 0, threading.Event()
        super().__init__(("127.0.0.1", 0), _Relay)


class _Relay(http.server.BaseHTTPRequestHandler):
    server: _KillingProxy

    def _relay(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
        answer = requests.request(self.command, self.server.shop_url + self.path, data=body or None, headers=headers,
                                  timeout=30)
        if self.command == "POST" and self.path.endswith("/refund") and answer.status_code < 300:
            os.kill(self.server.victim, signal.SIGKILL)
            self.server.killed.set()
            return
        self.send_response(answer.status_code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer.content)))
        self.end_headers()
        self.wfile.write(answer.content)

    do_GET = do_POST = _relay

    def log_message(self, *args) -> None:
        pass


def test_a_worker_killed_after_the_shop_refunded_is_completed_by_the_reconciler(medusa, lamp, store):  # noqa: F811
    reference, remedy_id = _accepted_refund(store, medusa, lamp)
    proxy = _KillingProxy(medusa.url)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    worker = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from datetime import timedelta; from bot.store import make_engine; "
         "from bot.orders.sources.medusa import MedusaClient; from bot.remedies.medusa import MedusaRemedies; "
         "from bot.remedies.executor import carry_out; "
         "carry_out(make_engine(sys.argv[1]), int(sys.argv[2]), "
         "MedusaRemedies(MedusaClient(sys.argv[3], sys.argv[4])), lease=timedelta(seconds=3))",
         make_url(store.url).render_as_string(hide_password=False), str(remedy_id),
         f"http://127.0.0.1:{proxy.server_address[1]}", medusa.api_key],
        cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    proxy.victim = worker.pid
    try:
        assert worker.wait(timeout=120) == -signal.SIGKILL and proxy.killed.is_set()
    finally:
        proxy.shutdown()
    died = _remedy(store, remedy_id)
    assert died.status == "pending" and died.claimed_until is not None, "killed between the shop and our commit"
    assert len(_shop_refunds(medusa, reference)) == 1, "the shop did refund"
    shop = MedusaRemedies(MedusaClient(medusa.url, medusa.api_key))
    assert reconcile(store, shop) == 0, "nobody acts while the dead worker's lease runs"
    time.sleep(3.5)
    assert reconcile(store, shop) == 1
    remedy = _remedy(store, remedy_id)
    assert remedy.status == "done" and remedy.shop_reference
    assert _shop_refunds(medusa, reference) == [(remedy.key, 10.0)], "found in the shop, not refunded again"


def test_an_accepted_voucher_is_a_code_for_one_use_made_once(medusa, lamp, store):  # noqa: F811
    _, remedy_id = _accepted_refund(store, medusa, lamp, amount="5.00", remedy="voucher")
    shop = MedusaRemedies(MedusaClient(medusa.url, medusa.api_key))
    code = carry_out(store, remedy_id, shop)
    assert code and code.startswith("GW-") and len(code) == 15
    with session_scope(store) as session:  # as if our commit had been lost: the next worker finds the code
        session.get(ShopRemedy, remedy_id).status = "pending"
    assert carry_out(store, remedy_id, shop) == code
    found = medusa.owner.call("GET", "/admin/promotions", q=code,
                              fields="code,*application_method,*campaign,*campaign.budget")["promotions"]
    assert len(found) == 1, "made once"
    [promotion] = found
    method, budget = promotion["application_method"], promotion["campaign"]["budget"]
    assert (float(method["value"]), method["currency_code"], method["target_type"]) == (5.0, "eur", "order")
    assert (budget["type"], float(budget["limit"])) == ("usage", 1.0), "usable once"


def test_an_accepted_replacement_is_a_free_order_for_the_same_items_made_once(medusa, lamp, store):  # noqa: F811
    reference, remedy_id = _accepted_refund(store, medusa, lamp, amount="39.00", remedy="replacement")
    shop = MedusaRemedies(MedusaClient(medusa.url, medusa.api_key))
    made = carry_out(store, remedy_id, shop)
    with session_scope(store) as session:  # as if our commit had been lost: the next worker finds the order
        session.get(ShopRemedy, remedy_id).status = "pending"
    assert made and carry_out(store, remedy_id, shop) == made and made != reference
    client = MedusaClient(medusa.url, medusa.api_key)
    original, replacement = (client.order_by_display_id(int(r.lstrip("#"))) for r in (reference, made))
    assert replacement["email"] == original["email"] and float(replacement["items"][0]["unit_price"]) == 0
    assert [i["variant_sku"] for i in replacement["items"]] == [i["variant_sku"] for i in original["items"]]
    customer_orders = client.get("/admin/orders", customer_id=original["customer"]["id"], fields="id")["orders"]
    assert len(customer_orders) == 2, "made once"


def test_what_the_shop_does_not_carry_out_is_not_pending(store):
    with session_scope(store) as session:
        case = Case(conversation_id=f"c-{uuid.uuid4().hex[:8]}", language="en", category="damaged", status="closed",
                    outcome="goodwill", remedy="repair", amount=Decimal("5.00"), currency="EUR",
                    created_at=datetime.utcnow() - timedelta(minutes=1))
        session.add(case)
        session.flush()
        assert request_remedy(session, case, remedy="repair", amount=Decimal("5.00"), currency="EUR",
                              given_by="bot", now=datetime.utcnow()) is None


def test_a_persons_refund_closing_the_case_is_carried_out_in_the_shop(medusa, lamp, store, policy,  # noqa: F811
                                                                      configure):
    configure(RECORDS_SOURCE="medusa", MEDUSA_URL=medusa.url, MEDUSA_API_KEY=medusa.api_key)
    live_remedies.cache_clear()
    try:
        reference, remedy_id = _accepted_refund(store, medusa, lamp)
        with session_scope(store) as session:
            case = session.get(ShopRemedy, remedy_id).case
            case.status, case.agent = "claimed", "ana"
            takeover.close(session, RecordingRasa(), case, Staff("ana", "agent"), remedy="refund",
                           amount=Decimal("7.50"), note="sorry for the wait", policy=policy)
        assert reconcile(store, MedusaRemedies(MedusaClient(medusa.url, medusa.api_key))) == 2
        notes = sorted(_shop_refunds(medusa, reference))
        assert [(note.split(":")[2], amount) for note, amount in notes] == [("bot", 10.0), ("staff", 7.5)]
    finally:
        live_remedies.cache_clear()


def test_a_voucher_code_cannot_be_worked_out_from_the_case_without_the_deployments_key(configure):
    configure(BOT_EMAIL_KEY="one deployment's key")
    code = voucher_code("complaint-bot:C-000001:bot:voucher")
    assert code == voucher_code("complaint-bot:C-000001:bot:voucher"), "found again under the same key"
    assert code != voucher_code("complaint-bot:C-000002:bot:voucher")
    configure(BOT_EMAIL_KEY="another deployment's key")
    assert voucher_code("complaint-bot:C-000001:bot:voucher") != code
