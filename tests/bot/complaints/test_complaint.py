"""A complaint from verified order to recorded case, on each demo order and both databases."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.complaints.cases import case_row, conversation_case, conversation_cases
from bot.complaints.complaint import (
    ADDED_TO_OPEN_CASE,
    UnverifiedOrder,
    answer_offer,
    assess,
    hand_off,
    handoff_summary,
)
from bot.complaints.decision import Flags, Reason
from bot.orders.identity import Identity, give_email
from bot.orders.lookup import find_order
from bot.store import session_scope
from bot.store.models import GoodwillGrant
from tests.conftest import NOW


def email_of(session, reference: str) -> str:
    order = find_order(session, reference)
    return order.customer.email if order else "nobody@example.com"


def verify(session, policy, conversation, order, email) -> None:
    """The customer gives `email` for `order` in the conversation, as the complaint form does."""
    give_email(session, Identity(named_order=order), email, policy, conversation)


def run(store, policy, order, category, language="en", wish=None, flags=None, conversation="c1", email=None):
    with session_scope(store) as session:
        verify(session, policy, conversation, order, email or email_of(session, order))
        return assess(session, policy, conversation_id=conversation, language=language, category=category,
                      order_reference=order, details="it went wrong", desired_remedy=wish, flags=flags or Flags(),
                      now=NOW)


@pytest.mark.parametrize("order, category, outcome, remedy, amount", [
    ("ORD-10001", "delivery", "goodwill", "refund", "45.00"),
    ("ORD-10002", "delivery", "explained", "voucher", "4.35"),
    ("ORD-10003", "billing", "goodwill", "refund", "34.99"),
    ("ORD-10004", "billing", "explained", None, None),
    ("ORD-10005", "defective", "goodwill", "replacement", "79.00"),
    ("ORD-10006", "defective", "explained", "voucher", "10.00"),
    ("ORD-10007", "wrong_item", "goodwill", "replacement", "25.00"),
    ("ORD-10008", "delivery", "handoff", None, None),
    ("ORD-10009", "delivery", "handoff", None, None),
    ("ORD-10010", "service", "goodwill", "voucher", "10.00"),
    ("ORD-10011", "damaged", "goodwill", "replacement", "35.00"),
    ("ORD-20002", "delivery", "explained", "voucher", "5.00"),
    ("ORD-20003", "billing", "goodwill", "refund", "1250.00"),
    ("ORD-20004", "wrong_item", "explained", "voucher", "5.00"),
    ("ORD-20006", "delivery", "handoff", None, None),
    ("ORD-20007", "delivery", "handoff", None, None),
])
def test_every_demo_order_reaches_its_outcome(demo_store, policy, order, category, outcome, remedy, amount):
    result = run(demo_store, policy, order, category)
    d = result.decision
    assert (d.outcome, d.remedy, str(d.amount) if d.amount is not None else None) == (outcome, remedy, amount)
    with session_scope(demo_store) as session:
        row = case_row(conversation_case(session, "c1"))
    assert (row["category"], row["order_id"], row["outcome"]) == (category, order, outcome)
    assert row["reasons"] and row["evidence"][-1]["check"] == "history_evidence"


def test_explanation_cites_the_certified_facts_in_each_language(demo_store, policy):
    en = run(demo_store, policy, "ORD-10002", "delivery", "en")
    assert "Royal Mail recorded the delivery on 24 October at 14:05" in en.facts_text
    assert "a signature and a photo at the door (signed by B. Carter)" in en.facts_text
    assert en.remedy_text == "a voucher of £4.35"  # the policy's €5 in pounds
    es = run(demo_store, policy, "ORD-20002", "delivery", "es", conversation="c2")
    assert "Correos Express registró la entrega el 24 de octubre a las 14:05" in es.facts_text
    assert es.remedy_text == "un vale de 5,00 €"


def test_accepting_an_offer_records_the_grant_and_closes_the_case(demo_store, policy):
    offer = run(demo_store, policy, "ORD-10001", "delivery")
    with session_scope(demo_store) as session:
        answer_offer(session, policy, conversation_id="c1", case_reference=offer.case_reference, language="en",
                     accepted=True, now=NOW)
    with session_scope(demo_store) as session:
        grant = session.execute(select(GoodwillGrant).where(GoodwillGrant.order_id.is_not(None))).scalars().all()
        row = case_row(conversation_case(session, "c1"))
    assert [(g.remedy, g.amount) for g in grant] == [("refund", Decimal("45.00"))]
    assert (row["status"], row["customer_answer"]) == ("closed", "accepted")


def test_declining_twice_ends_with_a_person(demo_store, policy):
    offer = run(demo_store, policy, "ORD-10001", "delivery")
    with session_scope(demo_store) as session:
        second = answer_offer(session, policy, conversation_id="c1", case_reference=offer.case_reference,
                              language="es", accepted=False)
    assert (second.decision.outcome, second.decision.remedy) == ("goodwill", "replacement")
    assert second.remedy_text == "una reposición sin coste"
    with session_scope(demo_store) as session:
        third = answer_offer(session, policy, conversation_id="c1", case_reference=offer.case_reference,
                             language="es", accepted=False)
        granted = session.execute(select(func.count()).select_from(GoodwillGrant)).scalar_one()
    assert third.decision.outcome == "handoff"
    assert granted == 1  # only the imported history grant


def test_goodwill_is_never_offered_twice_for_the_same_order(demo_store, policy):
    offer = run(demo_store, policy, "ORD-10001", "delivery")
    with session_scope(demo_store) as session:
        answer_offer(session, policy, conversation_id="c1", case_reference=offer.case_reference, language="en",
                     accepted=True)
    again = run(demo_store, policy, "ORD-10001", "delivery", conversation="c2")
    assert again.decision.outcome == "handoff"
    assert "goodwill_already_given_for_this_order" in [r.rule for r in again.decision.reasons]


def test_answering_without_an_open_offer_is_refused(demo_store, policy):
    explained = run(demo_store, policy, "ORD-10002", "delivery")
    with session_scope(demo_store) as session, pytest.raises(ValueError):
        answer_offer(session, policy, conversation_id="c1", case_reference=explained.case_reference, language="en",
                     accepted=True)


def test_unknown_order_is_a_lookup_error(demo_store, policy):
    with pytest.raises(UnverifiedOrder):
        run(demo_store, policy, "ORD-99999", "delivery")


def test_an_order_is_assessed_only_with_its_own_email(demo_store, policy):
    def grants() -> int:
        with session_scope(demo_store) as session:
            return session.execute(select(func.count()).select_from(GoodwillGrant)).scalar_one()

    before = grants()
    with pytest.raises(UnverifiedOrder):
        run(demo_store, policy, "ORD-20001", "delivery", email="ben@example.com")
    assert grants() == before


def test_handoff_keeps_what_is_known_and_summarises_it(demo_store, policy):
    offer = run(demo_store, policy, "ORD-10001", "delivery")
    with session_scope(demo_store) as session:
        case = hand_off(session, conversation_id="c1", case_reference=offer.case_reference, language="en",
                        reasons=[Reason("customer_asked_for_a_person")])
        summary = handoff_summary(case, "en")
        row = case_row(case)
    assert (row["outcome"], row["status"], row["order_id"]) == ("handoff", "queued", "ORD-10001")
    assert [r["rule"] for r in row["reasons"]][-1] == "customer_asked_for_a_person"
    assert "category=delivery" in summary and "order=ORD-10001" in summary and "[en]" in summary


def test_the_amount_the_customer_mentions_is_kept_and_summarised(demo_store, policy):
    with session_scope(demo_store) as session:
        verify(session, policy, "c1", "ORD-10003", email_of(session, "ORD-10003"))
        offer = assess(session, policy, conversation_id="c1", language="en", category="billing",
                       order_reference="ORD-10003", details="charged twice", desired_remedy=None, flags=Flags(),
                       claimed_amount="€34.99", now=NOW)
        case = hand_off(session, conversation_id="c1", case_reference=offer.case_reference, language="en",
                        reasons=[Reason("customer_asked_for_a_person")])
        assert case_row(case)["claimed_amount"] == "€34.99"
        assert "amount mentioned: €34.99" in handoff_summary(case, "en")


def test_handoff_before_any_order_is_known(demo_store):
    with session_scope(demo_store) as session:
        case = hand_off(session, conversation_id="c9", case_reference=None, language="es",
                        reasons=[Reason("repeated_insults")])
        row = case_row(case)
    assert (row["order_id"], row["outcome"], row["language"]) == (None, "handoff", "es")


def test_service_complaint_is_told_its_word_is_taken(demo_store, policy):
    en = run(demo_store, policy, "ORD-10010", "service")
    assert en.facts_text == "we take your word for what happened"
    es = run(demo_store, policy, "ORD-10010", "service", "es", conversation="c2")
    assert es.facts_text == "damos por buena tu explicación"


def test_a_new_complaint_after_a_closed_case_opens_a_second_case_in_the_conversation(demo_store, policy):
    first = run(demo_store, policy, "ORD-10002", "delivery")  # explained: closed
    second = run(demo_store, policy, "ORD-10002", "damaged")
    assert first.case_reference != second.case_reference and not second.added_to_open_case
    with session_scope(demo_store) as session:
        rows = [case_row(c) for c in conversation_cases(session, "c1")]
    assert [(r["case"], r["category"]) for r in rows] == [(first.case_reference, "delivery"),
                                                         (second.case_reference, "damaged")]


def test_a_complaint_about_an_order_with_an_open_case_joins_that_case(demo_store, policy):
    offer = run(demo_store, policy, "ORD-10001", "delivery", conversation="c1")  # goodwill offered: open
    again = run(demo_store, policy, "ORD-10001", "damaged", conversation="c2")
    assert again.added_to_open_case and again.case_reference == offer.case_reference
    assert again.decision.outcome == "goodwill"  # nothing decided again
    with session_scope(demo_store) as session:
        assert conversation_cases(session, "c2") == []
        case = conversation_case(session, "c1")
        details, row = case.details, case_row(case)
    assert row["category"] == "delivery" and details.endswith("\n[damaged] it went wrong")
    assert row["reasons"][-1] == {"rule": ADDED_TO_OPEN_CASE, "detail": "damaged, c2"}


def test_a_handoff_mid_way_through_a_second_complaint_keeps_the_first_case(demo_store, policy):
    first = run(demo_store, policy, "ORD-10002", "delivery")
    with session_scope(demo_store) as session:
        second = hand_off(session, conversation_id="c1", case_reference=None, language="en",
                          reasons=[Reason("customer_asked_for_a_person")])
        assert second.reference != first.case_reference
        assert [c.outcome for c in conversation_cases(session, "c1")] == ["explained", "handoff"]
