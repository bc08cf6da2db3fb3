"""Checks of each form answer against the store."""
import pytest

from bot.form_validation import check_details, check_email, check_order, parse_remedy, should_offer_person
from bot.store import session_scope


@pytest.mark.parametrize("answer, value, reply", [
    ("ORD-10001", "ORD-10001", None),
    ("it's ord 10001", "ORD-10001", None),
    ("ORD-99999", None, "utter_order_unknown"),
    ("ORD-12", None, "utter_order_malformed"),
    ("🙂", None, "utter_order_malformed"),
    ("x" * 5000, None, "utter_order_malformed"),
])
def test_order_answers(demo_store, answer, value, reply):
    with session_scope(demo_store) as session:
        check = check_order(session, answer)
    assert (check.value, check.reply) == (value, reply)


def test_unknown_order_reply_names_the_reference(demo_store):
    with session_scope(demo_store) as session:
        assert check_order(session, "ORD-99999").reply_args == {"order_id": "ORD-99999"}


@pytest.mark.parametrize("answer, value, reply", [
    ("Alice@Example.com", "alice@example.com", None),
    ("bob@example.com", None, "utter_email_mismatch"),
    ("alice at example", None, "utter_email_malformed"),
])
def test_email_must_match_the_order(demo_store, answer, value, reply):
    with session_scope(demo_store) as session:
        check = check_email(session, "ORD-10001", answer)
    assert (check.value, check.reply) == (value, reply)


def test_email_without_a_verified_order_is_a_mismatch(demo_store):
    with session_scope(demo_store) as session:
        assert check_email(session, None, "alice@example.com").reply == "utter_email_mismatch"


def test_details_are_kept_but_bounded():
    assert check_details("  it   broke  ").value == "it broke"
    assert len(check_details("a " * 5000).value) == 2000
    assert not check_details("   ").ok
    assert check_details("   ").reply is None, "the form asks again by itself; no second question"


@pytest.mark.parametrize("answer, remedy", [
    ("A refund", "refund"), ("Un reembolso", "refund"), ("I want my money back", "refund"),
    ("A replacement", "replacement"), ("Una reposición", "replacement"), ("cámbienmelo por otro", "replacement"),
    ("A voucher", "voucher"), ("Un vale", "voucher"), ("store credit is fine", "voucher"),
    ("refund the shipping", "refund"), ("just the postage", "shipping_refund"),
    ("Not sure", "any"), ("No lo sé", "any"), ("", "any"),
])
def test_remedy_answers(answer, remedy):
    assert parse_remedy(answer) == remedy


def test_a_person_is_offered_after_two_failures():
    assert [should_offer_person(n) for n in (0, 1, 2, 3)] == [False, False, True, True]
