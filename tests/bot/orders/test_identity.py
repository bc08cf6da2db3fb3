"""Whose order a conversation is about: named, verified by its email, changed, locked."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.orders.identity import Identity, give_email, is_verified, name_order
from bot.orders.lookup import find_order
from bot.privacy.email_vault import email_digest, unseal
from bot.store import session_scope
from bot.store.models import EmailGuess, Verification
from tests.conftest import NOW


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
    assert unknown.slots == wrong.slots


def test_a_malformed_email_is_not_a_guess(demo_store, policy):
    with session_scope(demo_store) as session:
        step = give_email(session, Identity("ORD-10001"), "alice at example", policy, "c1")
    assert step.reply == "utter_email_malformed"
    with session_scope(demo_store) as session:
        assert session.execute(select(EmailGuess)).first() is None


def test_an_email_before_any_order_is_not_a_guess(demo_store, policy):
    """'Delete all the data you have on alice@example.com' before an order: the form asks for the
    order, and no wrong guess is counted (it once answered "can't match that email with order .")."""
    with session_scope(demo_store) as session:
        step = give_email(session, Identity(None), "alice@example.com", policy, "c1")
        assert step.ok and step.slots == {"customer_email": None}
        assert session.execute(select(EmailGuess)).first() is None


def test_wrong_emails_lock_per_order_and_per_conversation(demo_store, policy):
    assert (policy.max_wrong_emails_per_order, policy.max_wrong_emails_per_conversation) == (3, 5)
    with session_scope(demo_store) as session:
        steps = [give_email(session, Identity("ORD-10001"), "guess@example.com", policy, "c1").locked
                 for _ in range(3)]
        assert steps == [False, False, True]
        for reference in ("ORD-10002", "ORD-10002", "ORD-10003"):
            assert not give_email(session, Identity(reference), "guess@example.com", policy, "c2").locked
        assert not give_email(session, Identity("ORD-10004"), "guess@example.com", policy, "c2").locked
        assert give_email(session, Identity("ORD-10005"), "guess@example.com", policy, "c2").locked, \
            "five in the conversation"


def test_guesses_count_across_conversations_and_clients_until_the_window_passes(demo_store, policy):
    """A fresh conversation once got three more guesses on the same order: ORD-10003 fell on the fifth
    guess in 47 seconds. The store counts per order and per client, whatever the conversation."""
    window = timedelta(minutes=policy.wrong_email_window_minutes)
    with session_scope(demo_store) as session:
        guess = lambda reference, conversation, client=None, now=NOW: give_email(  # noqa: E731
            session, Identity(reference), "guess@example.com", policy, conversation, client, now).locked
        assert [guess("ORD-10003", "first"), guess("ORD-10003", "first")] == [False, False]
        assert guess("ORD-10003", "second"), "the third wrong email on the order, in a fresh conversation"
        assert not guess("ORD-10003", "third", now=NOW + window + timedelta(minutes=1)), "after the cool-down"
        limit = policy.max_wrong_emails_per_client
        clients = [guess(f"ORD-{20001 + n}", f"client-{n}", "c" * 64) for n in range(limit)]
        assert clients == [False] * (limit - 1) + [True], "one client, many conversations"
        owner = give_email(session, Identity("ORD-10003"), "chloe@example.com", policy, "owner")
        assert owner.ok, "the owner's own email still proves the order"



def test_a_malformed_reference_is_answered_with_the_sources_own_example(configure):
    configure(RECORDS_SOURCE=None)
    assert name_order(Identity(None, None), "ORD-12").reply_args == {"example": "ORD-12345"}
    configure(RECORDS_SOURCE="medusa")
    assert name_order(Identity(None, None), "my order is soon").reply_args == {"example": "#1042"}
    assert name_order(Identity(None, None), "pedido 1042").slots == {"order_id": "#1042"}
