"""The live records source against a real Medusa v2 shop: the order a customer names by the shop's own
number comes into our store as the shop has it (its email, lines, capture, parcel and delivery); the
identity check proves it by the order's own email; an unknown number brings nothing; a shop that
does not answer, or refuses the key, is unavailable, never an order that does not exist."""
from __future__ import annotations

import uuid
from datetime import datetime

import pytest

from bot.orders.identity import Identity, give_email
from bot.orders.lookup import IMPORTED_REFERENCES, SHOP_NUMBERS, find_order, parse_order_reference
from bot.orders.sources import SourceUnavailable
from bot.orders.sources.medusa import MedusaClient, MedusaSource
from bot.serving.services import free_port
from bot.store import session_scope
from tests.medusa import medusa  # noqa: F401  (the fixture)


def _source(shop, **kw) -> MedusaSource:
    return MedusaSource(MedusaClient(shop.url, shop.api_key, timeout=kw.pop("timeout", 5.0)), **kw)


def _email() -> str:
    return f"ana.{uuid.uuid4().hex[:8]}@example.es"


@pytest.fixture(scope="module")
def kettle(medusa):  # noqa: F811
    return medusa.owner.product("Electric kettle", f"KETTLE-{uuid.uuid4().hex[:6]}", 39, warranty_months=24)


def test_a_named_order_comes_into_the_store_as_the_shop_has_it(medusa, kettle, store):  # noqa: F811
    order = medusa.owner.order(_email(), kettle, tracking="SE30001", delivered=True,
                               metadata={"promised_by": "2026-11-20T00:00:00Z"})
    with session_scope(store) as session:
        assert _source(medusa).refresh(session, order.reference)
    with session_scope(store) as session:
        kept = find_order(session, order.reference)
        assert kept is not None and kept.customer.email == order.email
        assert [(i.sku, i.quantity, str(i.unit_price)) for i in kept.items] == [(kept.items[0].sku, 1, "39.00")]
        assert kept.items[0].sku.startswith("KETTLE-") and kept.items[0].product.warranty_months == 24
        assert (str(kept.value), str(kept.shipping_fee), kept.currency) == ("39.00", "4.99", "EUR")
        assert [(p.kind, str(p.amount)) for p in kept.payments] == [("charge", "43.99")]
        assert kept.promised_by == datetime(2026, 11, 20)
        [parcel] = kept.shipments
        assert (parcel.carrier, parcel.tracking) == ("SEUR", "SE30001")
        assert [event.code for event in sorted(parcel.events, key=lambda e: e.at)] == ["picked_up", "delivered"]
        assert parcel.proofs == [], "the shop keeps no proof of delivery: none is made up"


def test_the_identity_check_takes_the_orders_own_email(medusa, kettle, store, policy):  # noqa: F811
    order = medusa.owner.order(_email(), kettle, tracking="SE30002")
    identity = Identity(named_order=order.reference, verified_order=None)
    with session_scope(store) as session:
        _source(medusa).refresh(session, order.reference)
        wrong = give_email(session, identity, "someone.else@example.es", policy, "c-medusa-1")
        right = give_email(session, identity, order.email.upper(), policy, "c-medusa-1")
    assert wrong.reply == "utter_email_mismatch"
    assert right.ok and right.slots["verified_order"] == order.reference


def test_an_unknown_number_brings_nothing(medusa, store):  # noqa: F811
    with session_scope(store) as session:
        assert not _source(medusa).refresh(session, "#987654")
        assert find_order(session, "#987654") is None


def test_a_shop_that_does_not_answer_or_refuses_the_key_is_unavailable(medusa, store):  # noqa: F811
    closed = MedusaSource(MedusaClient(f"http://127.0.0.1:{free_port()}", medusa.api_key, timeout=1.0))
    refused = MedusaSource(MedusaClient(medusa.url, "sk_not_a_key", timeout=5.0))
    with session_scope(store) as session:
        with pytest.raises(SourceUnavailable, match="did not answer"):
            closed.refresh(session, "#1")
        with pytest.raises(SourceUnavailable, match="401"):
            refused.refresh(session, "#1")


def test_an_order_asked_again_within_the_cache_time_is_not_fetched_again(medusa, kettle, store):  # noqa: F811
    order = medusa.owner.order(_email(), kettle)
    cached, uncached = _source(medusa, cache_seconds=60), _source(medusa, cache_seconds=0)
    with session_scope(store) as session:
        assert cached.refresh(session, order.reference) and uncached.refresh(session, order.reference)
    for source in (cached, uncached):
        source.client.url = f"http://127.0.0.1:{free_port()}"  # the shop gone
        source.client.timeout = 1.0
    with session_scope(store) as session:
        assert cached.refresh(session, order.reference)
        with pytest.raises(SourceUnavailable):
            uncached.refresh(session, order.reference)


@pytest.mark.parametrize("text, reference", [
    ("my order is #1042", "#1042"),
    ("pedido nº 1042", "#1042"),
    ("Order 7 never came", "#7"),
    ("order number: 55", "#55"),
    ("I'd give it 4 out of 5", None),
    ("it cost 1042 euros", None),
    ("I bought 2 kettles", None),
])
def test_a_shops_number_is_read_only_after_hash_order_or_pedido(text, reference):
    assert parse_order_reference(text, SHOP_NUMBERS) == reference


def test_the_imported_format_is_unchanged():
    assert parse_order_reference("ord 10001", IMPORTED_REFERENCES) == "ORD-10001"
    assert parse_order_reference("#1042", IMPORTED_REFERENCES) is None


def test_an_order_the_text_search_misses_is_found_by_its_number(medusa, kettle):  # noqa: F811
    first, second = (medusa.owner.order(_email(), kettle) for _ in range(2))
    client = MedusaClient(medusa.url, medusa.api_key)
    for order in (first, second):
        assert client._bisect(order.display_id)["id"] == order.id
    assert client._bisect(10 ** 8) is None
