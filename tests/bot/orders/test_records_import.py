"""Importing company records: full validation first, all or nothing, idempotent."""
import copy
import json

import pytest
from sqlalchemy import func, select

from bot.orders.demo import demo_records
from bot.orders.records_import import ImportErrors, import_records, load_file, validate
from bot.settings import PROJECT_ROOT
from bot.store import session_scope
from bot.store.models import CarrierEvent, Customer, Order, OrderItem, Payment


def counts(store):
    with session_scope(store) as session:
        return {m.__name__: session.execute(select(func.count()).select_from(m)).scalar_one()
                for m in (Customer, Order, OrderItem, CarrierEvent, Payment)}


def test_demo_records_are_valid():
    assert validate(demo_records()) == []


def test_every_error_is_reported_with_its_place():
    data = copy.deepcopy(demo_records())
    data["orders"][0]["items"][0]["sku"] = "NOPE"
    data["orders"][1]["currency"] = "euro"
    data["orders"][2]["shipments"][0]["events"][0]["code"] = "teleported"
    data["orders"][3]["payments"][0]["amount"] = "-3"
    data["customers"][1]["email"] = "not-an-email"
    del data["orders"][4]["placed_at"]
    data["orders"][5]["customer"] = "CU-0000"
    errors = validate(data)
    assert errors == [
        "$.customers[1].email: not an email address: 'not-an-email'",
        "$.orders[0].items[0].sku: unknown product 'NOPE'",
        "$.orders[1].currency: expected currency, got 'euro'",
        "$.orders[2].shipments[0].events[0].code: 'teleported' is not one of picked_up, in_transit, "
        "out_for_delivery, delivered, exception",
        "$.orders[3].payments[0].amount: expected money, got '-3'",
        "$.orders[4].placed_at: required",
        "$.orders[5].customer: unknown customer 'CU-0000'",
    ]


def test_nothing_is_written_unless_the_whole_file_is_valid(store):
    data = copy.deepcopy(demo_records())
    data["orders"][-1]["items"] = []
    with session_scope(store) as session, pytest.raises(ImportErrors) as exc:
        import_records(session, data)
    assert exc.value.errors == [f"$.orders[{len(data['orders']) - 1}].items: an order needs at least one item"]
    assert set(counts(store).values()) == {0}


def test_importing_twice_does_not_duplicate(store):
    with session_scope(store) as session:
        import_records(session, demo_records())
    first = counts(store)
    with session_scope(store) as session:
        import_records(session, demo_records())
    assert counts(store) == first and first["Order"] == 22 and first["CarrierEvent"] > 0


def test_reimport_updates_changed_values(store):
    data = demo_records()
    with session_scope(store) as session:
        import_records(session, data)
    data["orders"][0]["items"][0]["unit_price"] = "50.00"
    data["customers"][0]["email"] = "Alice.New@Example.com"
    with session_scope(store) as session:
        import_records(session, data)
    with session_scope(store) as session:
        order = session.execute(select(Order).where(Order.reference == "ORD-10001")).scalar_one()
        assert (str(order.value), order.customer.email) == ("50.00", "alice.new@example.com")


@pytest.mark.parametrize("data, error", [
    ([], "$: expected an object with customers, products, orders"),
    ({"orders": []}, "$.customers: required"),
    ({"customers": [], "orders": [], "products": "x"}, "$.products: expected list, got 'x'"),
])
def test_shape_errors(data, error):
    assert error in validate(data)


def test_invalid_json_is_reported_with_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"customers": [\n  {"reference": }\n]}')
    with pytest.raises(ImportErrors) as exc:
        load_file(path)
    assert exc.value.errors[0].startswith("line 2 column 17: invalid JSON")


def test_docs_example_is_valid():
    text = (PROJECT_ROOT / "docs" / "data-format.md").read_text()
    example = text.split("```json", 1)[1].split("```", 1)[0]
    assert validate(json.loads(example)) == []
