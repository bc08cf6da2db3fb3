"""A complaint from the first reply to its outcome: acknowledged on the customer's side, the form's
answers checked (the order and its email through bot.orders.identity), the evidence assessed and
the decision told, and the customer's answer to an offer."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import runtime
from actions.handoff import hand_off_to_person, say_handoff
from actions.identity_form import IDENTITY_SLOTS, ValidateIdentityForm, unproven_reason
from actions.runtime import records_unavailable
from actions.satisfaction import ask_rating
from actions.tracker_reading import intent_of, language_of, pending_problem, user_turns
from bot.complaints.case_status import order_case_status, parse_case_reference
from bot.complaints.categories import category_of
from bot.complaints.complaint import CustomerAnswer, UnverifiedOrder, answer_offer, assess
from bot.complaints.conversation import (
    conversation_flags,
)
from bot.complaints.facts_text import problem_name
from bot.complaints.form_validation import (
    check_details,
    details_from_message,
    parse_remedy,
    wished_remedy,
)
from bot.complaints.two_problems import Problem, second_problem
from bot.insight.satisfaction import ResolvedBy
from bot.orders.lookup import parse_order_reference
from bot.remedies.live import carry_out_now, remedy_to_carry_out
from bot.serving.rasa_api import RasaUnavailable
from bot.store import default_engine, session_scope

logger = logging.getLogger(__name__)
# What one complaint is about; a new complaint in the same conversation asks them again.
MATTER_SLOTS = ("complaint_details", "desired_remedy", "claimed_amount")
def _new_matter() -> List[EventType]:
    """Forget what the last complaint was about (not who the customer is): a new case follows."""
    return [SlotSet(slot, None) for slot in MATTER_SLOTS] + [
        SlotSet("failed_attempts", 0), SlotSet("case_reference", None), SlotSet("case_outcome", None),
        SlotSet("csat_case", None)]


def _second_problem(text: str, intent: str) -> Optional[Problem]:
    """Another problem named in the same message, read clause by clause with Rasa's model."""
    first = category_of(intent)
    if first is None:
        return None
    try:
        return second_problem(text, first, runtime.rasa().parse)
    except RasaUnavailable as error:  # the first problem is handled anyway
        logger.warning("second problem not looked for: %s", error)
        return None


def acknowledge(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """First reply to a complaint: on the customer's side, before any fact is checked. A new
    complaint after an earlier one ended starts a new matter, on the same verified order unless
    the message names another. A second problem in the message is kept for afterwards."""
    events: List[EventType] = []
    text = " ".join((tracker.latest_message.get("text") or "").split())
    intent = intent_of(tracker)
    if tracker.get_slot("case_reference") and not tracker.get_slot("offer_open"):
        events += _new_matter()
        if category_of(intent) is None:
            events.append(SlotSet("complaint_category", None))
        named = parse_order_reference(text)
        if named and named != tracker.get_slot("verified_order"):
            events += [SlotSet(slot, None) for slot in IDENTITY_SLOTS] + [SlotSet("order_id", named)]
    if intent == "request_refund":
        events.append(SlotSet("desired_remedy", "refund"))
    details = details_from_message(text, intent)
    if details:
        events.append(SlotSet("complaint_details", details))
    if any(entity.get("entity") == "insult_term" for entity in tracker.latest_message.get("entities") or []):
        dispatcher.utter_message(response="utter_tone_answered")  # in passing: the complaint comes first
    dispatcher.utter_message(response="utter_acknowledge_complaint")
    second = _second_problem(text, intent)
    if second is not None:
        language = language_of(tracker)
        dispatcher.utter_message(response="utter_two_problems", first=problem_name(category_of(intent), language),
                                 second=problem_name(second.category, language))
        events.append(SlotSet("pending_problem", {"category": second.category, "details": second.details}))
    return events


def _then_next_problem(tracker: Tracker) -> List[EventType]:
    """Once an outcome is told, the second problem the customer named, if any."""
    return [FollowupAction("action_next_problem")] if tracker.get_slot("pending_problem") else []


class ActionAcknowledgeComplaint(Action):
    """First reply to a complaint: on the customer's side, before any fact is checked."""

    def name(self) -> Text:
        return "action_acknowledge_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return acknowledge(dispatcher, tracker)


class ActionNextProblem(Action):
    """The second problem of a message that named two: a new case on the same verified order."""

    def name(self) -> Text:
        return "action_next_problem"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        pending = pending_problem(tracker)
        if pending is None:
            return [SlotSet("pending_problem", None)]
        dispatcher.utter_message(response="utter_next_problem",
                                 problem=problem_name(pending.category, language_of(tracker)))
        return _new_matter() + [
            SlotSet("pending_problem", None), SlotSet("offer_open", False),
            SlotSet("complaint_category", pending.category),
            SlotSet("complaint_details", check_details(pending.details).value), FollowupAction("complaint_form")]


class ValidateComplaintForm(ValidateIdentityForm):
    """The identity check (actions.identity_form), then what the complaint is about."""

    def name(self) -> Text:
        return "validate_complaint_form"

    def validate_complaint_details(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Dict[Text, Any]:
        check = check_details(str(value))
        return self._result({"complaint_details": check.value}, check.ok, check.reply, {}, dispatcher, tracker)

    def validate_desired_remedy(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        return {"desired_remedy": parse_remedy(str(value))}


def _say_voucher_code(dispatcher: CollectingDispatcher, remedy: Optional[str], given_in_shop: Optional[str]) -> None:
    """A voucher carried out in the shop is a code (bot.remedies.medusa): the customer gets it here."""
    if given_in_shop and remedy == "voucher":
        dispatcher.utter_message(response="utter_voucher_code", code=given_in_shop)


def _tell(dispatcher: CollectingDispatcher, outcome: CustomerAnswer, tracker: Tracker,
          given_in_shop: Optional[str] = None) -> List[EventType]:
    """Say the outcome: an offer, a calm explanation (with the shop's voucher code when the policy's
    gesture was carried out there), or a handoff."""
    decision, reference = outcome.decision, outcome.case_reference
    events: List[EventType] = [SlotSet("case_reference", reference), SlotSet("case_outcome", decision.outcome)]
    if decision.outcome == "goodwill":
        dispatcher.utter_message(response="utter_goodwill_offer", facts=outcome.facts_text, remedy=outcome.remedy_text)
        return events + [SlotSet("offer_open", True)]
    if decision.outcome == "explained":
        dispatcher.utter_message(response="utter_explained", facts=outcome.facts_text)
        if decision.remedy:
            dispatcher.utter_message(response="utter_explained_gesture", remedy=outcome.remedy_text)
            _say_voucher_code(dispatcher, decision.remedy, given_in_shop)
        dispatcher.utter_message(response="utter_explained_closing", case_reference=reference)
        return (events + [SlotSet("offer_open", False)] + _then_next_problem(tracker)
                + ask_rating(dispatcher, tracker, reference, ResolvedBy.BOT))
    return events + [SlotSet("offer_open", False), SlotSet("pending_problem", None),
                     *say_handoff(dispatcher, tracker, reference)]


class ActionAssessComplaint(Action):
    """Checks the evidence and tells the customer the decision, once the form is complete."""

    def name(self) -> Text:
        return "action_assess_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if not tracker.get_slot("verified_order"):
            return hand_off_to_person(dispatcher, tracker, unproven_reason(tracker))
        insults = int(tracker.get_slot("insults") or 0)
        flags = conversation_flags(user_turns(tracker), insults, runtime.policy().legal_terms)
        try:
            with session_scope() as session:
                outcome = assess(session, runtime.policy(), conversation_id=tracker.sender_id,
                                 language=language_of(tracker),
                                 category=tracker.get_slot("complaint_category"),
                                 order_reference=tracker.get_slot("verified_order"),
                                 details=tracker.get_slot("complaint_details"),
                                 desired_remedy=wished_remedy(tracker.get_slot("desired_remedy")), flags=flags,
                                 claimed_amount=tracker.get_slot("claimed_amount"),
                                 case_reference=tracker.get_slot("case_reference"),
                                 pending=pending_problem(tracker))
                report = order_case_status(session, runtime.policy(), tracker.get_slot("verified_order"),
                                           parse_case_reference(outcome.case_reference), language_of(tracker))
                gesture = (remedy_to_carry_out(session, tracker.sender_id, outcome.case_reference)
                           if outcome.decision.outcome == "explained" and outcome.decision.remedy else None)
            given_in_shop = carry_out_now(default_engine(), gesture) if gesture is not None else None
        except (SQLAlchemyError, UnverifiedOrder) as error:
            return records_unavailable(dispatcher, error)
        if outcome.added_to_open_case:
            dispatcher.utter_message(response="utter_added_to_case", case_reference=outcome.case_reference)
            dispatcher.utter_message(response=report.response, **report.values)
            return [SlotSet("case_reference", None), SlotSet("case_outcome", None), SlotSet("offer_open", False),
                    *_then_next_problem(tracker)]
        return _tell(dispatcher, outcome, tracker, given_in_shop)


class ActionAnswerOffer(Action):
    """The customer's yes or no to a goodwill offer."""

    def name(self) -> Text:
        return "action_answer_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        accepted = intent_of(tracker) == "affirm"
        try:
            with session_scope() as session:
                outcome = answer_offer(session, runtime.policy(), conversation_id=tracker.sender_id,
                                       case_reference=tracker.get_slot("case_reference"),
                                       language=language_of(tracker), accepted=accepted)
                remedy = (remedy_to_carry_out(session, tracker.sender_id, outcome.case_reference)
                          if accepted else None)
            done_in_shop = carry_out_now(default_engine(), remedy) if remedy is not None else None
        except SQLAlchemyError as error:
            return records_unavailable(dispatcher, error)
        except ValueError:  # no offer is open: a yes or no accepts or refuses nothing
            dispatcher.utter_message(response="utter_how_can_i_help")
            return [SlotSet("offer_open", False)]
        if accepted:
            dispatcher.utter_message(response="utter_goodwill_accepted", remedy=outcome.remedy_text,
                                     case_reference=outcome.case_reference)
            _say_voucher_code(dispatcher, outcome.decision.remedy, done_in_shop)
            return [SlotSet("offer_open", False), *_then_next_problem(tracker),
                    *ask_rating(dispatcher, tracker, outcome.case_reference, ResolvedBy.BOT)]
        if outcome.decision.outcome == "goodwill":
            dispatcher.utter_message(response="utter_alternative_offer", remedy=outcome.remedy_text)
            return [SlotSet("offer_open", True)]
        return _tell(dispatcher, outcome, tracker)
