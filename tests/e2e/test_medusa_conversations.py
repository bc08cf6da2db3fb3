"""Complaints about a real Medusa shop's orders, end to end (the trained model, the action server,
RECORDS_SOURCE=medusa): the customer names the order by the shop's number, is proven by the order's
own email, the delivery complaint is decided from the shop's parcel and the refund the customer accepts
is carried out in the shop, in both languages; and a complaint is decided from
the carrier's signed proof of delivery that the tracking webhook took in before the order was asked for;
a shop that does not answer hands the customer to a person with that reason, in their language."""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timedelta

import pytest
import requests
from sqlalchemy import select

from bot.orders.sources.medusa import MedusaClient
from bot.orders.tracking import hex_signature
from bot.serving.services import free_port
from bot.store import session_scope
from bot.store.models import ShopRemedy
from tests.e2e.test_conversations import case_of, complain, texts
from tests.medusa import medusa  # noqa: F401  (the fixture)
from tests.running_bot import start_bot

TRACKING_SECRET = "medusa-e2e-tracking-secret"


@pytest.fixture(scope="module")
def shop_bot(tmp_path_factory, medusa):  # noqa: F811
    """The bot reading its records live from the shop."""
    yield from start_bot(tmp_path_factory.mktemp("shop-bot"), extra_env={
        "RECORDS_SOURCE": "medusa", "MEDUSA_URL": medusa.url, "MEDUSA_API_KEY": medusa.api_key,
        "TRACKING_WEBHOOK_SECRET": TRACKING_SECRET})


@pytest.mark.parametrize("language, opening, named, remedy", [
    ("en", "My parcel never arrived", "my order is #{number}", "A refund"),
    ("es", "Mi paquete no ha llegado", "el pedido {number}", "Un reembolso"),
])
def test_a_late_parcel_in_the_shop_is_decided_for_the_customer(shop_bot, medusa, language, opening, named,  # noqa: F811
                                                              remedy):
    variant = medusa.owner.product("Desk lamp", f"LAMP-{uuid.uuid4().hex[:6]}", 25)
    promised = (datetime.utcnow() - timedelta(days=3)).isoformat() + "Z"
    email = f"{language}.{uuid.uuid4().hex[:8]}@example.es"
    order = medusa.owner.order(email, variant, tracking=f"SE{uuid.uuid4().hex[:8]}", metadata={"promised_by": promised})
    sender = f"medusa-{language}-{uuid.uuid4().hex[:6]}"
    complain(shop_bot, sender, language, opening, named.format(number=order.display_id), email, remedy)
    case = case_of(shop_bot, sender)
    assert (case["order_id"], case["category"], case["outcome"]) == (order.reference, "delivery", "goodwill"), case
    assert any(f["fact"] == "late_in_transit" for f in case["evidence"]), case["evidence"]
    shop_bot.say(sender, "/affirm")
    refunds = [(r["note"], r["amount"]) for c in MedusaClient(medusa.url, medusa.api_key).order_by_display_id(
        order.display_id)["payment_collections"] for p in c["payments"] for r in p.get("refunds") or []]
    assert refunds == [(f"complaint-bot:{case['case']}:bot:refund", float(case["amount"]))], "refunded once"
    with session_scope(shop_bot.engine) as session:
        remedy = session.execute(select(ShopRemedy).where(ShopRemedy.key == refunds[0][0])).scalar_one()
        assert remedy.status == "done" and remedy.shop_reference


def test_a_parcel_the_carrier_proves_delivered_is_explained_calmly(shop_bot, medusa):  # noqa: F811
    variant = medusa.owner.product("Vase", f"VASE-{uuid.uuid4().hex[:6]}", 30)
    email, tracking = f"proof.{uuid.uuid4().hex[:8]}@example.es", f"SE{uuid.uuid4().hex[:8]}"
    order = medusa.owner.order(email, variant, tracking=tracking)
    delivered = (datetime.utcnow() - timedelta(days=1)).replace(microsecond=0).isoformat() + "Z"
    body = json.dumps({"event_id": uuid.uuid4().hex, "sent_at": datetime.utcnow().isoformat() + "Z",
                       "tracking_number": tracking,
                       "scans": [{"at": delivered, "code": "delivered", "location": "portal, calle Mayor 8"}],
                       "proof": {"kind": "signature", "captured_at": delivered, "detail": "signed by M. Sánchez",
                                 "certified": True}}).encode()
    pushed = requests.post(f"{shop_bot.web_url}/webhooks/tracking", data=body, timeout=30,
                           headers={"Content-Type": "application/json",
                                    "X-Tracking-Signature": hex_signature(TRACKING_SECRET, body)})
    assert pushed.status_code == 200, pushed.text
    sender = f"medusa-proof-{uuid.uuid4().hex[:6]}"
    said = " ".join(texts(complain(shop_bot, sender, "en", "The tracking says delivered but I never got it",
                                   f"order #{order.display_id}", email, "Not sure")))
    case = case_of(shop_bot, sender)
    assert (case["order_id"], case["outcome"]) == (order.reference, "explained"), case
    assert any(f["fact"] == "certified_proof_of_delivery" for f in case["evidence"]), case["evidence"]
    code = re.search(r"GW-[0-9A-F]{12}", said)  # the policy's small gesture, a voucher made in the shop
    assert code and case["remedy"] == "voucher", said
    assert [p["code"] for p in medusa.owner.call("GET", "/admin/promotions", q=code.group(0),
                                                  fields="code")["promotions"]] == [code.group(0)]


@pytest.fixture(scope="module")
def closed_shop_bot(tmp_path_factory):
    """The bot with a shop that does not answer (nothing listens at its address)."""
    yield from start_bot(tmp_path_factory.mktemp("closed-shop-bot"), extra_env={
        "RECORDS_SOURCE": "medusa", "MEDUSA_URL": f"http://127.0.0.1:{free_port()}", "MEDUSA_API_KEY": "sk_test"})


@pytest.mark.parametrize("language, opening, named, apology", [
    ("en", "My parcel never arrived", "order #12", "can't look up your order in our shop"),
    ("es", "Mi paquete no ha llegado", "pedido 12", "no puedo consultar tu pedido en la tienda"),
])
def test_a_shop_that_does_not_answer_hands_the_customer_to_a_person(closed_shop_bot, language, opening, named,
                                                                   apology):
    sender = f"closed-{language}-{uuid.uuid4().hex[:6]}"
    marks = closed_shop_bot.log_marks()
    closed_shop_bot.say(sender, opening)
    asked = " ".join(texts(closed_shop_bot.say(sender, named)))  # the shop is asked meanwhile
    assert "@" in asked or "correo" in asked or "email" in asked, asked
    said = " ".join(texts(closed_shop_bot.say(sender, f"{language}.someone@example.es")))
    assert apology in said, said
    case = case_of(closed_shop_bot, sender)
    assert (case["outcome"], case["status"]) == ("handoff", "queued"), case
    assert [r["rule"] for r in case["reasons"]] == ["records_source_unavailable"], case["reasons"]
    assert case["case"] in said, "the customer is told their case reference with the handoff"
    assert closed_shop_bot.errors_since(marks) == [], "handled, not crashed"


def test_an_accepted_voucher_is_a_code_the_shop_takes_once(shop_bot, medusa):  # noqa: F811
    variant = medusa.owner.product("Teapot", f"POT-{uuid.uuid4().hex[:6]}", 25)
    promised = (datetime.utcnow() - timedelta(days=3)).isoformat() + "Z"
    email = f"voucher.{uuid.uuid4().hex[:8]}@example.es"
    order = medusa.owner.order(email, variant, tracking=f"SE{uuid.uuid4().hex[:8]}", metadata={"promised_by": promised})
    sender = f"medusa-voucher-{uuid.uuid4().hex[:6]}"
    complain(shop_bot, sender, "en", "My parcel never arrived", f"order #{order.display_id}", email, "A voucher")
    assert (case_of(shop_bot, sender)["outcome"], case_of(shop_bot, sender)["remedy"]) == ("goodwill", "voucher")
    said = " ".join(texts(shop_bot.say(sender, "/affirm")))
    code = re.search(r"GW-[0-9A-F]{12}", said)
    assert code, said
    found = medusa.owner.call("GET", "/admin/promotions", q=code.group(0), fields="code,*campaign,*campaign.budget")
    assert [(p["code"], float(p["campaign"]["budget"]["limit"])) for p in found["promotions"]] == [(code.group(0), 1.0)]


def test_the_bot_asks_for_the_order_with_the_shops_own_example(shop_bot):
    sender = f"medusa-ask-{uuid.uuid4().hex[:6]}"
    asked = " ".join(texts(shop_bot.say(sender, "My parcel never arrived")))
    assert "#1042" in asked and "ORD-" not in asked, asked
    malformed = " ".join(texts(shop_bot.say(sender, "it is the blue one")))
    assert "#1042" in malformed and "five digits" not in malformed, malformed
