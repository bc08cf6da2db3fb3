"""The thin actions, run directly with rasa_sdk trackers: what they say and which events they return,
on the demo store and with the database down."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from email import message_from_bytes
from email import policy as email_policy

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import runtime
from actions.after_decision import ActionHandleFallback, ActionHandleInsult
from actions.complaint import ActionAcknowledgeComplaint, ActionAssessComplaint, ValidateComplaintForm
from actions.handoff import ActionFollowUpByEmail, ActionHandOff, ValidateEmailFollowUpForm
from bot import store
from bot.complaints.policy import load_policy
from bot.handoff.office_hours import parse_office_hours
from bot.mail.postbox import Postbox
from bot.store import make_engine
from bot.store.models import Case
from tests.services import run_async


def tracker(intent: str = "complain_delivery", text: str = "", slots: dict | None = None, events=None) -> Tracker:
    base = {"language": "en", "failed_attempts": 0, "insults": 0, "offer_open": False}
    return Tracker.from_dict({
        "sender_id": "test-sender", "slots": {**base, **(slots or {})},
        "latest_message": {"intent": {"name": intent, "confidence": 1.0}, "text": text, "entities": []},
        "events": events or [], "paused": False, "followup_action": None, "active_loop": {},
        "latest_action_name": "action_listen",
    })


def run(action, t: Tracker):
    dispatcher = CollectingDispatcher()
    events = run_async(action.run(dispatcher, t, {}))
    return [m["response"] for m in dispatcher.messages], events


@pytest.fixture
def demo_default_store(demo_store, monkeypatch):
    """Point the actions' default engine at the test's demo store."""
    monkeypatch.setattr(store, "default_engine", lambda: demo_store)
    return demo_store


@pytest.fixture
def dead_store(monkeypatch):
    engine = make_engine("postgresql://nobody@127.0.0.1:1/none")
    monkeypatch.setattr(store, "default_engine", lambda: engine)


def test_acknowledgement_keeps_the_complaint_text_and_asks_nothing_yet():
    said, events = run(ActionAcknowledgeComplaint(), tracker("request_refund", "I want my money back for this"))
    assert said == ["utter_acknowledge_complaint"]
    assert {e["name"]: e["value"] for e in events} == {
        "desired_remedy": "refund", "complaint_details": "I want my money back for this"}


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
VERIFIED = {"order_id": "ORD-10001", "verified_order": "ORD-10001", "customer_email": "a***@example.com"}


def test_an_email_already_proven_is_not_checked_again_when_a_form_starts_again(demo_default_store):
    said = CollectingDispatcher()
    kept = ValidateComplaintForm().validate_customer_email("a***@example.com", said, tracker(slots=VERIFIED),
                                                                   {})
    assert kept == {"customer_email": "a***@example.com"} and said.messages == []


def test_assessment_offers_goodwill_and_opens_the_offer(demo_default_store):
    form = ValidateComplaintForm()
    proven = form.validate_customer_email("alice@example.com", CollectingDispatcher(),
                                          tracker(slots={"order_id": "ORD-10001"}), {})
    assert proven == {"customer_email": "a***@example.com", "verified_order": "ORD-10001", "failed_attempts": 0}
    slots = {**VERIFIED, "complaint_category": "delivery", "desired_remedy": "any",
             "complaint_details": "never arrived"}
    said, events = run(ActionAssessComplaint(), tracker(slots=slots))
    assert said == ["utter_goodwill_offer"]
    assert {"name": "offer_open", "value": True} in [{k: e.get(k) for k in ("name", "value")} for e in events]


def asks_for_an_address(events) -> bool:
    """The handoff's turn ends with the question whether a person may answer by email."""
    return events[-1] == {"event": "followup", "timestamp": None, "name": "email_follow_up_form"}


def test_a_handoff_nobody_can_answer_asks_for_an_address_then_the_bot_waits(demo_default_store, tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(runtime, "postbox", lambda: Postbox(None, tmp_path))
    said, events = run(ActionHandOff(), tracker("request_human"))
    assert said == ["utter_handoff"] and asks_for_an_address(events)
    reference = next(e["value"] for e in events if e.get("name") == "case_reference")
    form = ValidateEmailFollowUpForm()
    dispatcher = CollectingDispatcher()
    slots = {"case_reference": reference, "follow_up_asked": 0}
    assert form.validate_follow_up_email("what?", dispatcher, tracker("nlu_fallback", slots=slots), {}) == {
        "follow_up_email": None, "follow_up_asked": 1, "customer_email": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_follow_up_email_unclear"]
    given = form.validate_follow_up_email("it's Owl@Example.org", dispatcher,
                                          tracker("inform", slots={**slots, "follow_up_asked": 1}), {})
    assert given == {"follow_up_email": "o***@example.org", "follow_up_code": None, "follow_up_asked": 2,
                     "customer_email": None}, "an address given here is not the identity form's answer"
    both = ["follow_up_email", "follow_up_code"]
    assert run_async(form.required_slots(both, dispatcher, tracker(slots=slots), {})) == ["follow_up_email"]
    assert run_async(form.required_slots(both, dispatcher, tracker(slots={**slots, **given}), {})) == both, \
        "its code is asked next"
    [letter] = [message_from_bytes(f.read_bytes(), policy=email_policy.default) for f in tmp_path.glob("*.eml")]
    assert letter["To"] == "owl@example.org"
    code = re.search(r"\b\d{6}\b", letter.get_content()).group()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert form.validate_follow_up_code(wrong, dispatcher, tracker("inform", slots=slots), {}) == {
        "follow_up_code": None}
    assert form.validate_follow_up_code(f"it is {code}", dispatcher, tracker("inform", slots=slots), {}) == {
        "follow_up_code": "confirmed"}
    said, events = run(ActionFollowUpByEmail(), tracker("inform", slots=slots))
    assert said == ["utter_reply_by_email"] and events[-1]["event"] == "pause"
    with store.session_scope(demo_default_store) as session:
        case = session.execute(select(Case).where(Case.conversation_id == "test-sender")).scalar_one()
        assert case.follow_up_consent_at is not None and case.email_promised_at is not None


def test_a_customer_who_declines_is_told_the_answer_waits_in_the_chat(demo_default_store):
    _, events = run(ActionHandOff(), tracker("request_human"))
    reference = next(e["value"] for e in events if e.get("name") == "case_reference")
    slots = {"case_reference": reference}
    assert ValidateEmailFollowUpForm().validate_follow_up_email(
        "/deny", CollectingDispatcher(), tracker("deny", slots=slots), {})["follow_up_email"] == "declined"
    said, events = run(ActionFollowUpByEmail(), tracker("deny", slots=slots))
    assert said == ["utter_answer_here"] and events[-1]["event"] == "pause"
    with store.session_scope(demo_default_store) as session:
        case = session.execute(select(Case).where(Case.conversation_id == "test-sender")).scalar_one()
        assert (case.follow_up_consent_at, case.email_promised_at) == (None, None)


def test_an_order_whose_email_was_not_given_is_neither_assessed_nor_attached(demo_default_store):
    slots = {"order_id": "ORD-20002", "complaint_category": "delivery", "desired_remedy": "any",
             "identity_locked": True}
    said, events = run(ActionAssessComplaint(), tracker(slots=slots))
    assert said == ["utter_handoff"] and asks_for_an_address(events)
    with store.session_scope(demo_default_store) as session:
        case = session.execute(select(Case).where(Case.conversation_id == "test-sender")).scalar_one()
        assert case.order_id is None and [r["rule"] for r in case.reasons] == ["identity_not_verified"]


def test_first_insult_gets_a_calm_reply_the_second_a_person(demo_default_store):
    said, events = run(ActionHandleInsult(), tracker("insult"))
    assert said == ["utter_insult_warning"] and events[0]["value"] == 1
    said, events = run(ActionHandleInsult(), tracker("insult", slots={"insults": 1}))
    assert said == ["utter_handoff"] and asks_for_an_address(events)


def test_two_fallbacks_in_a_row_hand_off(demo_default_store):
    def user(intent):
        return {"event": "user", "text": "??", "parse_data": {"intent": {"name": intent}}}

    said, _ = run(ActionHandleFallback(), tracker("nlu_fallback", events=[user("greet"), user("nlu_fallback")]))
    assert said == ["utter_default"]
    said, _ = run(ActionHandleFallback(),
                  tracker("nlu_fallback", events=[user("nlu_fallback"), user("nlu_fallback")]))
    assert said == ["utter_handoff"]


def test_a_dead_database_gets_a_polite_answer_everywhere(dead_store):
    slots = {**VERIFIED, "complaint_category": "delivery", "desired_remedy": "refund"}
    assert run(ActionAssessComplaint(), tracker(slots=slots))[0] == ["utter_records_unavailable"]
    said, events = run(ActionHandOff(), tracker("request_human"))
    assert said == ["utter_records_unavailable"] and events[-1]["event"] == "pause"
    dispatcher = CollectingDispatcher()
    result = ValidateComplaintForm().validate_customer_email("alice@example.com", dispatcher,
                                                                     tracker(slots={"order_id": "ORD-10001"}), {})
    assert result == {"customer_email": None}
    assert [m["response"] for m in dispatcher.messages] == ["utter_records_unavailable"]


def test_after_hours_the_opening_is_said_in_the_time_zone_the_widget_reported(demo_default_store, monkeypatch):
    """Office open only two days from now, 09:00-10:00 UTC: closed now, whenever the test runs."""
    opens = date.today() + timedelta(days=2)
    hours = parse_office_hours({"time_zone": "UTC", "hours": {WEEKDAYS[opens.weekday()]: "09:00-10:00"}})
    monkeypatch.setattr(runtime, "policy", lambda: replace(load_policy(), office_hours=hours))
    asked = tracker("request_human", slots=VERIFIED)
    asked.latest_message["metadata"] = {"time_zone": "Asia/Tokyo"}
    dispatcher = CollectingDispatcher()
    run_async(ActionHandOff().run(dispatcher, asked, {}))
    [handoff] = dispatcher.messages
    assert handoff["response"] == "utter_handoff_after_hours"
    assert handoff["opening"].endswith(f"{opens.day} {opens.strftime('%B')} at 18:00 (Tokyo time)")


def test_with_the_database_down_the_address_is_not_promised_and_the_bot_waits(dead_store):
    slots = {"case_reference": "C-000001"}
    dispatcher = CollectingDispatcher()
    kept = ValidateEmailFollowUpForm().validate_follow_up_email("owl@example.org", dispatcher,
                                                                        tracker("inform", slots=slots), {})
    assert kept["follow_up_email"] == "declined"
    assert [m["response"] for m in dispatcher.messages] == ["utter_records_unavailable"]
    said, events = run(ActionFollowUpByEmail(), tracker("inform", slots=slots))
    assert said == ["utter_records_unavailable"] and events[-1]["event"] == "pause"
