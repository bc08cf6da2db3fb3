"""A refusal of a calm explanation, on both databases: the facts told again as many times as the
policy says, counted in the case, then a person; a disputed record goes to a person at once."""
from dataclasses import replace

import pytest

from bot.complaints.after_decision import FACTS_TOLD_AGAIN, answer_refusal
from bot.complaints.cases import conversation_case
from bot.store import session_scope
from tests.bot.complaints.test_complaint import run


def refuse(store, policy, conversation="c1", language="en", disputes=False, category=None):
    with session_scope(store) as session:
        case = conversation_case(session, conversation)
        return answer_refusal(session, policy, conversation_id=conversation,
                              case_reference=case.reference if case else None, language=language,
                              disputes_a_record=disputes, category=category)


@pytest.mark.parametrize("retellings", [0, 1, 2])
def test_the_facts_are_told_again_as_often_as_the_policy_says(demo_store, policy, retellings):
    policy = replace(policy, max_fact_reiterations=retellings)
    run(demo_store, policy, "ORD-10002", "delivery")
    answers = [refuse(demo_store, policy) for _ in range(retellings + 1)]
    assert [a.kind for a in answers] == ["retell"] * retellings + ["hand_off"]
    with session_scope(demo_store) as session:
        reasons = [r["rule"] for r in conversation_case(session, "c1").reasons]
    assert reasons.count(FACTS_TOLD_AGAIN) == retellings


@pytest.mark.parametrize("language, carrier, gesture, step", [
    ("en", "Royal Mail recorded the delivery on", "a voucher", "neighbours"),
    ("es", "Royal Mail registró la entrega el", "un vale", "vecinos"),
])
def test_a_retelling_repeats_the_certified_facts_in_the_language(demo_store, policy, language, carrier, gesture,
                                                                  step):
    run(demo_store, policy, "ORD-10002", "delivery", language=language)
    answer = refuse(demo_store, policy, language=language)
    assert answer.kind == "retell" and answer.case_reference
    assert answer.facts.startswith(carrier) and answer.gesture.startswith(gesture) and step in answer.next_step


def test_a_disputed_record_goes_to_a_person_at_once(demo_store, policy):
    run(demo_store, policy, "ORD-10002", "delivery")
    assert refuse(demo_store, policy, disputes=True).kind == "hand_off"


@pytest.mark.parametrize("order, category", [("ORD-10001", "delivery"), ("ORD-10008", "delivery")])
def test_nothing_is_retold_when_nothing_was_explained(demo_store, policy, order, category):
    run(demo_store, policy, order, category)  # goodwill offered, or already with a person
    assert refuse(demo_store, policy).kind == "nothing_explained"
    assert refuse(demo_store, policy, conversation="never-complained").kind == "nothing_explained"


@pytest.mark.parametrize("category, kind", [("delivery", "retell"), (None, "retell"), ("damaged", "new_problem")])
def test_a_complaint_about_something_else_is_a_new_problem(demo_store, policy, category, kind):
    run(demo_store, policy, "ORD-10002", "delivery")
    assert refuse(demo_store, policy, category=category).kind == kind


def test_a_refusal_is_answered_only_for_the_conversations_own_case(demo_store, policy):
    run(demo_store, policy, "ORD-10002", "delivery", conversation="c1")
    with session_scope(demo_store) as session:
        reference = conversation_case(session, "c1").reference
        answer = answer_refusal(session, policy, conversation_id="c2", case_reference=reference, language="en",
                                disputes_a_record=False)
    assert answer.kind == "nothing_explained"
