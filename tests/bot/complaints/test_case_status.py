"""A returning customer's case status, on both databases: found only through the order whose
email was given, worded per state, with the policy's timing for an agreed remedy."""
from datetime import datetime

import pytest

from bot.complaints.case_status import add_working_days, find_case, parse_case_reference, status_report
from bot.complaints.complaint import answer_offer, hand_off
from bot.complaints.decision import Reason
from bot.orders.identity import Identity, give_email
from bot.store import session_scope
from tests.bot.complaints.test_complaint import run


@pytest.mark.parametrize("text, expected", [
    ("what's the status of C-000022?", 22), ("case 17 please", 17), ("c#000003", 3),
    ("¿cómo va mi caso C-000105?", 105), ("my order ORD-10001", None), ("", None), ("ABC-000022", None),
])
def test_parse_case_reference(text, expected):
    assert parse_case_reference(text) == expected


@pytest.mark.parametrize("start, days, expected", [
    (datetime(2026, 11, 27), 1, datetime(2026, 11, 30)),  # Friday -> Monday
    (datetime(2026, 11, 30), 5, datetime(2026, 12, 7)),
    (datetime(2026, 11, 28), 1, datetime(2026, 11, 30)),  # Saturday -> Monday
])
def test_working_days_skip_the_weekend(start, days, expected):
    assert add_working_days(start, days) == expected


def report(store, policy, order, case_id=None, language="en"):
    with session_scope(store) as session:
        return status_report(find_case(session, order, case_id), policy, language)


def test_an_accepted_refund_says_by_when(demo_store, policy):
    offer = run(demo_store, policy, "ORD-10001", "delivery", wish="refund")
    with session_scope(demo_store) as session:
        case = answer_offer(session, policy, conversation_id="c1", case_reference=offer.case_reference,
                            language="en", accepted=True)
        reference = case.case_reference
    result = report(demo_store, policy, "ORD-10001")
    assert result.response == "utter_status_refund"
    assert result.values["case_reference"] == reference and result.values["remedy"] == "a refund of €45.00"
    assert result.values["days"] == str(policy.refund_working_days)
    due = add_working_days(datetime.utcnow(), policy.refund_working_days)
    assert result.values["due"].startswith(f"{due.day} ")


@pytest.mark.parametrize("order, category, response", [
    ("ORD-10001", "delivery", "utter_status_offered"),
    ("ORD-10002", "delivery", "utter_status_explained"),
    ("ORD-10008", "delivery", "utter_status_queued"),
])
def test_each_state_has_its_reply(demo_store, policy, order, category, response):
    run(demo_store, policy, order, category)
    assert report(demo_store, policy, order).response == response


def test_an_explained_case_repeats_its_facts_in_spanish(demo_store, policy):
    run(demo_store, policy, "ORD-10002", "delivery", language="es")
    result = report(demo_store, policy, "ORD-10002", language="es")
    assert result.values["facts"].startswith("Royal Mail registró la entrega el")


def test_a_claimed_case_names_the_person(demo_store, policy):
    with session_scope(demo_store) as session:
        assert give_email(session, Identity("ORD-10003"), "chloe@example.com", policy, "c1").ok
        case = hand_off(session, conversation_id="c1", case_reference=None, language="en",
                        reasons=[Reason("customer_asked_for_a_person")], order_reference="ORD-10003")
        case.status, case.agent = "claimed", "tomas"
    result = report(demo_store, policy, "ORD-10003")
    assert (result.response, result.values["agent"]) == ("utter_status_with_person", "tomas")


def test_a_handoff_attaches_only_an_order_the_conversation_proved(demo_store, policy):
    """A forged `verified_order` slot once opened a queued case on someone else's order."""
    with session_scope(demo_store) as session:
        case = hand_off(session, conversation_id="c-forged", case_reference=None, language="en",
                        reasons=[Reason("customer_asked_for_a_person")], order_reference="ORD-10003")
        assert case.order_id is None and case.customer_id is None


def test_a_case_of_another_order_is_not_found(demo_store, policy):
    run(demo_store, policy, "ORD-10001", "delivery")
    with session_scope(demo_store) as session:
        case_id = find_case(session, "ORD-10001").id
    assert report(demo_store, policy, "ORD-10003", case_id).response == "utter_status_no_case"
    assert report(demo_store, policy, "ORD-10001", case_id).response == "utter_status_offered"
    assert report(demo_store, policy, "ORD-99999").response == "utter_status_no_case"
