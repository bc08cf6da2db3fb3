"""A records file cannot move a payment between orders or crash the import: every such file is
refused whole, with the place in the file (real SQLite and PostgreSQL)."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from bot.orders.demo import demo_records
from bot.orders.records_import import ImportErrors, import_records, load_file, validate
from bot.store import session_scope
from bot.store.models import Order, Payment


def test_two_orders_sharing_a_payment_reference_are_refused():
    data = copy.deepcopy(demo_records())
    paid = [i for i, o in enumerate(data["orders"]) if o.get("payments")]
    first, second = paid[0], paid[1]
    data["orders"][second]["payments"][0]["reference"] = data["orders"][first]["payments"][0]["reference"]
    assert f"$.orders[{second}].payments[0]: duplicate reference" in " ".join(validate(data))


def test_a_payment_of_another_order_is_not_moved(store):
    data = copy.deepcopy(demo_records())
    with session_scope(store) as session:
        import_records(session, data)
    paid = [i for i, o in enumerate(data["orders"]) if o.get("payments")]
    taken = data["orders"][paid[0]]["payments"][0]
    moved = copy.deepcopy(data)
    moved["orders"][paid[1]]["payments"].append(copy.deepcopy(taken))
    moved["orders"][paid[0]]["payments"] = moved["orders"][paid[0]]["payments"][1:]
    with session_scope(store) as session, pytest.raises(ImportErrors) as refused:
        import_records(session, moved)
    owner = data["orders"][paid[0]]["reference"].upper()
    assert f"payment {taken['reference']!r} already belongs to order {owner}" in " ".join(refused.value.errors)
    with session_scope(store) as session:
        assert session.execute(select(Order.reference).join(Payment, Payment.order_id == Order.id)
                               .where(Payment.reference == taken["reference"])).scalar_one() == owner


@pytest.mark.parametrize("change, place", [
    (lambda d: d["orders"][0]["items"][0].update(unit_price="1e999999"), "$.orders[0].items[0].unit_price"),
    (lambda d: d["orders"][0]["items"][0].update(quantity=10 ** 30), "$.orders[0].items[0].quantity"),
    (lambda d: d["orders"][0].update(reference="ORD-" + "9" * 500), "$.orders[0].reference"),
    (lambda d: d["customers"][0].update(reference="x" * 65), "$.customers[0].reference"),
])
def test_huge_values_are_refused_with_their_place(store, change, place):
    data = copy.deepcopy(demo_records())
    change(data)
    with session_scope(store) as session, pytest.raises(ImportErrors) as refused:
        import_records(session, data)
    assert any(error.startswith(place) for error in refused.value.errors), refused.value.errors


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"customers": [' + "9" * 5000 + "]}"])
def test_deep_nesting_and_endless_numbers_are_a_clear_error(tmp_path, text):
    path = tmp_path / "records.json"
    path.write_text(text)
    with pytest.raises(ImportErrors) as refused:
        load_file(path)
    assert refused.value.errors[0].startswith("invalid JSON")

