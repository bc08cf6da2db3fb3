"""Complaints about a real Medusa shop's orders, end to end (the trained model, the action server,
RECORDS_SOURCE=medusa): the customer names the order by the shop's number, is proven by the order's
own email, and the delivery complaint is decided from the shop's parcel, in both languages."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest

from tests.e2e.test_conversations import case_of, complain
from tests.medusa import medusa  # noqa: F401  (the fixture)
from tests.running_bot import start_bot


@pytest.fixture(scope="module")
def shop_bot(tmp_path_factory, medusa):  # noqa: F811
    """The bot reading its records live from the shop."""
    yield from start_bot(tmp_path_factory.mktemp("shop-bot"), extra_env={
        "RECORDS_SOURCE": "medusa", "MEDUSA_URL": medusa.url, "MEDUSA_API_KEY": medusa.api_key})


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
