"""Orders as customers name them: references and emails read from free text, the order found
and its email matched, on both databases."""
import pytest

from bot.orders.lookup import email_matches, find_order, parse_email, parse_order_reference
from bot.store import session_scope


@pytest.mark.parametrize("text, expected", [
    ("ORD-10001", "ORD-10001"), ("my order is ord 10001, thanks", "ORD-10001"),
    ("pedido #20003", "ORD-20003"), ("10001", "ORD-10001"), ("ORD-12", None),
    ("call me on 612345678", None), ("", None), ("🙂🙂", None),
])
def test_parse_order_reference(text, expected):
    assert parse_order_reference(text) == expected


def test_email_parsing_and_matching(demo_store):
    assert parse_email("it's Alice@Example.com thanks") == "alice@example.com"
    assert parse_email("no email here") is None
    with session_scope(demo_store) as session:
        order = find_order(session, "ord-10001")
        assert email_matches(order, "ALICE@example.com ") and not email_matches(order, "eve@example.com")
