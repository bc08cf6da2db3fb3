"""Whose order a conversation is about: named, verified by its email, changed, locked."""
import pytest
from sqlalchemy import select

from bot.orders.identity import Identity, give_email, is_verified, name_order
from bot.orders.lookup import find_order
from bot.privacy.email_vault import email_digest, unseal
from bot.store import session_scope
from bot.store.models import Verification


@pytest.mark.parametrize("answer, slots, reply", [
    ("ORD-10001", {"order_id": "ORD-10001"}, None),
    ("it's ord 10001", {"order_id": "ORD-10001"}, None),
    ("ORD-99999", {"order_id": "ORD-99999"}, None),
    ("ORD-12", {"order_id": None}, "utter_order_malformed"),
    ("🙂", {"order_id": None}, "utter_order_malformed"),
    ("x" * 5000, {"order_id": None}, "utter_order_malformed"),
])
def test_naming_an_order_checks_its_format_only(answer, slots, reply):
    step = name_order(Identity(), answer)
    assert (step.slots, step.reply) == (slots, reply), "whether an order exists is not told"


def test_naming_another_order_after_verification_starts_the_check_again():
    verified = Identity("ORD-10002", "ORD-10002")
    assert name_order(verified, "ORD-10002").ok
    step = name_order(verified, "a refund please, my order is ORD-20002")
    assert step.slots == {"order_id": "ORD-20002", "customer_email": None, "verified_order": None}
    assert (step.reply, dict(step.reply_args)) == ("utter_order_changed", {"order_id": "ORD-20002"})


def test_the_right_email_verifies_the_order_and_is_kept_sealed(demo_store, policy):
    with session_scope(demo_store) as session:
        step = give_email(session, Identity("ORD-10001"), "It's Alice@Example.com", policy, "c1")
        order = find_order(session, "ORD-10001")
        assert is_verified(session, "c1", order) and not is_verified(session, "c2", order)
        kept = session.execute(select(Verification)).scalar_one()
        assert "alice" not in kept.email_sealed and unseal(kept.email_sealed) == "alice@example.com"
        assert kept.email_digest == email_digest("ALICE@example.com ")
    assert step.ok and step.slots == {"customer_email": "a***@example.com", "verified_order": "ORD-10001"}


def test_a_wrong_email_verifies_nothing(demo_store, policy):
    with session_scope(demo_store) as session:
        give_email(session, Identity("ORD-10001"), "ben@example.com", policy, "c1")
        assert not is_verified(session, "c1", find_order(session, "ORD-10001"))
        assert session.execute(select(Verification)).first() is None


def test_an_unknown_order_and_a_wrong_email_get_the_same_answer(demo_store, policy):
    with session_scope(demo_store) as session:
        unknown = give_email(session, Identity("ORD-99999"), "alice@example.com", policy, "c1")
        wrong = give_email(session, Identity("ORD-10001"), "ben@example.com", policy, "c1")
    assert (unknown.reply, wrong.reply) == ("utter_email_mismatch", "utter_email_mismatch")
    assert {k: v for k, v in unknown.slots.items() if k != "wrong_emails"} == \
        {k: v for k, v in wrong.slots.items() if k != "wrong_emails"}


def test_a_malformed_email_is_not_a_guess(demo_store, policy):
    with session_scope(demo_store) as session:
        step = give_email(session, Identity("ORD-10001"), "alice at example", policy, "c1")
    assert step.reply == "utter_email_malformed" and "wrong_emails" not in step.slots


def test_wrong_emails_lock_per_order_and_per_conversation(demo_store, policy):
    assert (policy.max_wrong_emails_per_order, policy.max_wrong_emails_per_conversation) == (3, 5)
    with session_scope(demo_store) as session:
        identity, steps = Identity("ORD-10001"), []
        for _ in range(3):
            step = give_email(session, identity, "guess@example.com", policy, "c1")
            identity = Identity("ORD-10001", None, step.slots["wrong_emails"])
            steps.append(step.locked)
        assert steps == [False, False, True]
        spread = Identity("ORD-10005", None, {"ORD-10001": 2, "ORD-10002": 2})
        assert give_email(session, spread, "guess@example.com", policy, "c1").locked, "five in the conversation"
