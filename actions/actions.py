"""Rasa custom actions: translate between the tracker and `bot/`, nothing more.

Each action reads slots and turns, calls one function of `bot/`, and turns its result into
replies and events. The logic, and its tests, live in `bot/`.
"""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot.complaints.after_decision import answer_refusal
from bot.complaints.case_status import order_case_status, parse_case_reference
from bot.complaints.cases import Status, add_reason, conversation_case, current_case
from bot.complaints.categories import NAMES as CATEGORY_NAMES
from bot.complaints.categories import category_of
from bot.complaints.complaint import CustomerAnswer, UnverifiedOrder, answer_offer, assess, hand_off, handoff_summary
from bot.complaints.conversation import (
    IDENTITY_NOT_VERIFIED,
    MAX_FALLBACKS_IN_A_ROW,
    conversation_flags,
    fallbacks_in_a_row,
    handoff_reason,
)
from bot.complaints.decision import INSULTS_BEFORE_HANDOFF
from bot.complaints.facts_text import problem_name
from bot.complaints.form_validation import (
    check_details,
    details_from_message,
    parse_remedy,
    should_offer_person,
    wished_remedy,
)
from bot.complaints.policy import load_policy
from bot.complaints.two_problems import Problem, second_problem
from bot.handoff.availability import HandoffReply, customer_zone, handoff_reply
from bot.handoff.email_consent import DECLINED, read_answer
from bot.handoff.email_follow_up import consent_to_email, promise_email, promised_address
from bot.insight.satisfaction import ResolvedBy, ask_for_rating, parse_rating, record_comment, record_rating
from bot.orders.identity import Identity, Step, give_email, name_order
from bot.orders.lookup import parse_order_reference
from bot.privacy.log_masking import install as mask_logs
from bot.privacy.pii import mask_personal_data
from bot.serving.rasa_api import RasaClient, RasaUnavailable
from bot.settings import mail_reply_domain, rasa_api_url, rasa_token
from bot.store import session_scope

mask_logs()  # the action server's log lines too
logger = logging.getLogger(__name__)
POLICY = load_policy()
RASA = RasaClient(rasa_api_url(), rasa_token(), timeout=5.0)  # reads pieces of a message (bot.complaints.two_problems)
# What one complaint is about; a new complaint in the same conversation asks them again.
MATTER_SLOTS = ("complaint_details", "desired_remedy", "claimed_amount")
# Who the customer proved to be: kept for the conversation's next complaint about the same order.
IDENTITY_SLOTS = ("order_id", "customer_email", "verified_order", "wrong_emails", "identity_locked")


def _language(tracker: Tracker) -> str:
    return tracker.get_slot("language") or "en"


def _intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


def _user_turns(tracker: Tracker) -> List[tuple]:
    return [(((e.get("parse_data") or {}).get("intent") or {}).get("name") or "", e.get("text") or "")
            for e in tracker.events if e.get("event") == "user"]


def _records_unavailable(dispatcher: CollectingDispatcher, error: Exception) -> List[EventType]:
    logger.error("records store unavailable: %s", error.__class__.__name__)
    dispatcher.utter_message(response="utter_records_unavailable")
    return []


def _identity(tracker: Tracker) -> Identity:
    return Identity(tracker.get_slot("order_id"), tracker.get_slot("verified_order"),
                    tracker.get_slot("wrong_emails") or {})


def _pending_problem(tracker: Tracker) -> Optional[Problem]:
    pending = tracker.get_slot("pending_problem") or {}
    if pending.get("category") not in CATEGORY_NAMES:
        return None
    return Problem(pending["category"], str(pending.get("details") or ""))


def _complaint_so_far(tracker: Tracker) -> Dict[str, Any]:
    """What the conversation's complaint has said so far, for the case a person takes."""
    return {"case_reference": tracker.get_slot("case_reference"), "category": tracker.get_slot("complaint_category"),
            "details": tracker.get_slot("complaint_details"),
            "desired_remedy": wished_remedy(tracker.get_slot("desired_remedy")),
            "claimed_amount": tracker.get_slot("claimed_amount"), "pending": _pending_problem(tracker)}


def _hand_off(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str,
              about_the_complaint: bool = True) -> List[EventType]:
    """Queue the case for a person, tell the customer, and pause the bot. Only an order whose
    email was given is attached to the case. A request that is not about the complaint (the
    customer's data) gets a case of its own."""
    language = _language(tracker)
    known = _complaint_so_far(tracker) if about_the_complaint else {"case_reference": None}
    try:
        with session_scope() as session:
            case = hand_off(session, conversation_id=tracker.sender_id, language=language,
                            reasons=[handoff_reason(intent)], order_reference=tracker.get_slot("verified_order"),
                            **known)
            reference = case.reference
            logger.info("handoff %s", mask_personal_data(handoff_summary(case, language)))
    except SQLAlchemyError as error:
        return _records_unavailable(dispatcher, error) + [ConversationPaused()]
    return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("offer_open", False),
            SlotSet("case_reference", reference), SlotSet("case_outcome", "handoff"), SlotSet("pending_problem", None),
            *_say_handoff(dispatcher, tracker, reference)]


def _say_handoff(dispatcher: CollectingDispatcher, tracker: Tracker, reference: str) -> List[EventType]:
    """Tell a handed-off customer when a person will answer: here now (and the usual wait), or when
    the office opens, which the case records too (bot.handoff.availability); and, when nobody can
    answer in the chat now, that the answer will come by email too (bot.handoff.email_follow_up).
    The bot then waits for the person, unless it first asks a customer who proved no email whether
    a person may answer by email (bot.handoff.email_consent)."""
    language, email, ask = _language(tracker), None, False
    try:
        with session_scope() as session:
            zone = customer_zone((tracker.latest_message.get("metadata") or {}).get("time_zone"))
            reply = handoff_reply(session, POLICY.office_hours, language, zone=zone)
            case = current_case(session, tracker.sender_id, reference)
            if reply.reason is not None and case is not None:
                add_reason(case, reply.reason)
            if not reply.person_now and case is not None:
                email = promise_email(session, case, datetime.utcnow())
                ask = email is None
    except SQLAlchemyError as error:  # the case is queued; only the wait is not known
        logger.warning("waiting time not known: %s", error.__class__.__name__)
        reply, email = HandoffReply("utter_handoff", {"waiting": ""}), None  # no promise that was not kept
    dispatcher.utter_message(response=reply.response, case_reference=reference, **reply.values)
    if email:
        dispatcher.utter_message(response="utter_reply_by_email", email=email)
    if ask:
        return [SlotSet("follow_up_email", None), SlotSet("follow_up_asked", 0), FollowupAction("email_follow_up_form")]
    return [ConversationPaused()]


def _new_matter() -> List[EventType]:
    """Forget what the last complaint was about (not who the customer is): a new case follows."""
    return [SlotSet(slot, None) for slot in MATTER_SLOTS] + [
        SlotSet("failed_attempts", 0), SlotSet("case_reference", None), SlotSet("case_outcome", None),
        SlotSet("csat_case", None)]


def _ask_rating(dispatcher: CollectingDispatcher, tracker: Tracker, reference: Optional[str],
                resolved_by: str) -> List[EventType]:
    """Once a case has ended: ask its customer, once, for a 1-5 rating. Never when another problem
    is still to be handled, and silently not when the store cannot be written."""
    if tracker.get_slot("pending_problem"):
        return []
    try:
        with session_scope() as session:
            case = current_case(session, tracker.sender_id, reference)
            if case is None or not ask_for_rating(case, resolved_by, datetime.utcnow()):
                return []
    except SQLAlchemyError as error:
        logger.warning("rating not asked: %s", error.__class__.__name__)
        return []
    dispatcher.utter_message(response="utter_ask_rating")
    return [SlotSet("csat_case", reference)]


def _second_problem(text: str, intent: str) -> Optional[Problem]:
    """Another problem named in the same message, read clause by clause with Rasa's model."""
    first = category_of(intent)
    if first is None:
        return None
    try:
        return second_problem(text, first, RASA.parse)
    except RasaUnavailable as error:  # the first problem is handled anyway
        logger.warning("second problem not looked for: %s", error)
        return None


def _acknowledge(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """First reply to a complaint: on the customer's side, before any fact is checked. A new
    complaint after an earlier one ended starts a new matter, on the same verified order unless
    the message names another. A second problem in the message is kept for afterwards."""
    events: List[EventType] = []
    text = " ".join((tracker.latest_message.get("text") or "").split())
    intent = _intent(tracker)
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
        language = _language(tracker)
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
        return _acknowledge(dispatcher, tracker)


class ActionNextProblem(Action):
    """The second problem of a message that named two: a new case on the same verified order."""

    def name(self) -> Text:
        return "action_next_problem"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        pending = _pending_problem(tracker)
        if pending is None:
            return [SlotSet("pending_problem", None)]
        dispatcher.utter_message(response="utter_next_problem", problem=problem_name(pending.category,
                                                                                     _language(tracker)))
        return _new_matter() + [
            SlotSet("pending_problem", None), SlotSet("offer_open", False),
            SlotSet("complaint_category", pending.category),
            SlotSet("complaint_details", check_details(pending.details).value), FollowupAction("complaint_form")]


class ValidateComplaintForm(FormValidationAction):
    """Checks each answer (the order and its email through bot.orders.identity); two failures in a row
    offer a person, too many wrong emails end the form so that a person takes over."""

    def name(self) -> Text:
        return "validate_complaint_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        return [] if tracker.get_slot("identity_locked") else domain_slots

    def _result(self, slots: Dict[Text, Any], ok: bool, reply: Optional[str], reply_args: Dict[Text, Any],
                dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
        if ok:
            return {**slots, "failed_attempts": 0}
        failures = int(tracker.get_slot("failed_attempts") or 0) + 1
        if reply:
            dispatcher.utter_message(response=reply, **reply_args)
        if reply and should_offer_person(failures):
            dispatcher.utter_message(response="utter_offer_human")
        return {**slots, "failed_attempts": failures}

    def _step(self, step: Step, dispatcher: CollectingDispatcher, tracker: Tracker) -> Dict[Text, Any]:
        return self._result(step.slots, step.ok, step.reply, dict(step.reply_args), dispatcher, tracker)

    def validate_order_id(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> Dict[Text, Any]:
        return self._step(name_order(_identity(tracker), str(value)), dispatcher, tracker)

    def validate_customer_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        if "order_id" in tracker.slots_to_validate() and "@" not in str(value):
            return {"customer_email": None}  # the answer named another order: its email is asked next
        if tracker.get_slot("verified_order") and value == tracker.get_slot("customer_email"):
            return {"customer_email": value}  # proven earlier (kept masked): a new form does not ask again
        try:
            with session_scope() as session:
                return self._step(give_email(session, _identity(tracker), str(value), POLICY, tracker.sender_id),
                                  dispatcher, tracker)
        except SQLAlchemyError as error:
            _records_unavailable(dispatcher, error)
            return {"customer_email": None}

    def validate_complaint_details(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> Dict[Text, Any]:
        check = check_details(str(value))
        return self._result({"complaint_details": check.value}, check.ok, check.reply, {}, dispatcher, tracker)

    def validate_desired_remedy(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        return {"desired_remedy": parse_remedy(str(value))}


class ValidateStatusForm(ValidateComplaintForm):
    """The same identity check for a customer asking about an earlier case."""

    def name(self) -> Text:
        return "validate_status_form"


class ValidatePrivacyForm(ValidateComplaintForm):
    """The same identity check for a customer asking for their data or its erasure."""

    def name(self) -> Text:
        return "validate_privacy_form"


class ActionOpenPrivacyCase(Action):
    """A verified customer's data request goes to a person (docs/privacy.md)."""

    def name(self) -> Text:
        return "action_open_privacy_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        verified = bool(tracker.get_slot("verified_order"))
        return _hand_off(dispatcher, tracker, "privacy_request" if verified else IDENTITY_NOT_VERIFIED,
                         about_the_complaint=False)


class ActionTellCaseStatus(Action):
    """An earlier case's status, for the order whose email the customer gave."""

    def name(self) -> Text:
        return "action_tell_case_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        order = tracker.get_slot("verified_order")
        if not order:
            return _hand_off(dispatcher, tracker, IDENTITY_NOT_VERIFIED)  # too many wrong emails
        try:
            with session_scope() as session:
                report = order_case_status(session, POLICY, order,
                                           parse_case_reference(tracker.get_slot("status_question") or ""),
                                           _language(tracker))
        except SQLAlchemyError as error:
            return _records_unavailable(dispatcher, error)
        dispatcher.utter_message(response=report.response, **report.values)
        return [SlotSet("status_question", None)]


def _tell(dispatcher: CollectingDispatcher, outcome: CustomerAnswer, tracker: Tracker) -> List[EventType]:
    """Say the outcome: an offer, a calm explanation, or a handoff."""
    decision, reference = outcome.decision, outcome.case_reference
    events: List[EventType] = [SlotSet("case_reference", reference), SlotSet("case_outcome", decision.outcome)]
    if decision.outcome == "goodwill":
        dispatcher.utter_message(response="utter_goodwill_offer", facts=outcome.facts_text, remedy=outcome.remedy_text)
        return events + [SlotSet("offer_open", True)]
    if decision.outcome == "explained":
        dispatcher.utter_message(response="utter_explained", facts=outcome.facts_text)
        if decision.remedy:
            dispatcher.utter_message(response="utter_explained_gesture", remedy=outcome.remedy_text)
        dispatcher.utter_message(response="utter_explained_closing", case_reference=reference)
        return (events + [SlotSet("offer_open", False)] + _then_next_problem(tracker)
                + _ask_rating(dispatcher, tracker, reference, ResolvedBy.BOT))
    return events + [SlotSet("offer_open", False), SlotSet("pending_problem", None),
                     *_say_handoff(dispatcher, tracker, reference)]


class ActionAssessComplaint(Action):
    """Checks the evidence and tells the customer the decision, once the form is complete."""

    def name(self) -> Text:
        return "action_assess_complaint"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if not tracker.get_slot("verified_order"):
            return _hand_off(dispatcher, tracker, IDENTITY_NOT_VERIFIED)  # too many wrong emails
        flags = conversation_flags(_user_turns(tracker), int(tracker.get_slot("insults") or 0), POLICY.legal_terms)
        try:
            with session_scope() as session:
                outcome = assess(session, POLICY, conversation_id=tracker.sender_id, language=_language(tracker),
                                 category=tracker.get_slot("complaint_category"),
                                 order_reference=tracker.get_slot("verified_order"),
                                 details=tracker.get_slot("complaint_details"),
                                 desired_remedy=wished_remedy(tracker.get_slot("desired_remedy")), flags=flags,
                                 claimed_amount=tracker.get_slot("claimed_amount"),
                                 case_reference=tracker.get_slot("case_reference"),
                                 pending=_pending_problem(tracker))
                report = order_case_status(session, POLICY, tracker.get_slot("verified_order"),
                                           parse_case_reference(outcome.case_reference), _language(tracker))
        except (SQLAlchemyError, UnverifiedOrder) as error:
            return _records_unavailable(dispatcher, error)
        if outcome.added_to_open_case:
            dispatcher.utter_message(response="utter_added_to_case", case_reference=outcome.case_reference)
            dispatcher.utter_message(response=report.response, **report.values)
            return [SlotSet("case_reference", None), SlotSet("case_outcome", None), SlotSet("offer_open", False),
                    *_then_next_problem(tracker)]
        return _tell(dispatcher, outcome, tracker)


class ActionAnswerOffer(Action):
    """The customer's yes or no to a goodwill offer."""

    def name(self) -> Text:
        return "action_answer_offer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        accepted = _intent(tracker) == "affirm"
        try:
            with session_scope() as session:
                outcome = answer_offer(session, POLICY, conversation_id=tracker.sender_id,
                                       case_reference=tracker.get_slot("case_reference"),
                                       language=_language(tracker), accepted=accepted)
        except SQLAlchemyError as error:
            return _records_unavailable(dispatcher, error)
        except ValueError:  # no offer is open: a yes or no accepts or refuses nothing
            dispatcher.utter_message(response="utter_how_can_i_help")
            return [SlotSet("offer_open", False)]
        if accepted:
            dispatcher.utter_message(response="utter_goodwill_accepted", remedy=outcome.remedy_text,
                                     case_reference=outcome.case_reference)
            return [SlotSet("offer_open", False), *_then_next_problem(tracker),
                    *_ask_rating(dispatcher, tracker, outcome.case_reference, ResolvedBy.BOT)]
        if outcome.decision.outcome == "goodwill":
            dispatcher.utter_message(response="utter_alternative_offer", remedy=outcome.remedy_text)
            return [SlotSet("offer_open", True)]
        return _tell(dispatcher, outcome, tracker)


class ActionHandOff(Action):
    """A person takes over: asked for, disputed records, or a cancellation."""

    def name(self) -> Text:
        return "action_hand_off"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return _hand_off(dispatcher, tracker, _intent(tracker))


class ValidateEmailFollowUpForm(FormValidationAction):
    """Reads a handed-off customer's answer to whether a person may answer by email: the address
    written is kept with the case (bot.handoff.email_consent, bot.handoff.email_follow_up)."""

    def name(self) -> Text:
        return "validate_email_follow_up_form"

    def validate_follow_up_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        asked = int(tracker.get_slot("follow_up_asked") or 0) + 1
        # An address given here proves no order: it must not stand as the identity form's answer.
        kept = {"follow_up_asked": asked, **({} if tracker.get_slot("verified_order") else {"customer_email": None})}
        answer = read_answer(str(value or ""), _intent(tracker), asked, mail_reply_domain())
        if answer.email is None:
            if answer.declined:
                return {"follow_up_email": DECLINED, **kept}
            dispatcher.utter_message(response="utter_follow_up_email_unclear")
            return {"follow_up_email": None, **kept}
        try:
            with session_scope() as session:
                case = current_case(session, tracker.sender_id, tracker.get_slot("case_reference"))
                if case is None:
                    return {"follow_up_email": DECLINED, **kept}
                shown = consent_to_email(session, case, answer.email, datetime.utcnow())
        except SQLAlchemyError as error:
            _records_unavailable(dispatcher, error)
            return {"follow_up_email": DECLINED, **kept}
        return {"follow_up_email": shown, **kept}


class ActionFollowUpByEmail(Action):
    """Once the customer answered whether a person may answer by email: the promise (to the masked
    address) or that the answer will wait here; then the bot waits for the person."""

    def name(self) -> Text:
        return "action_follow_up_by_email"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reference = tracker.get_slot("case_reference")
        try:
            with session_scope() as session:
                case = current_case(session, tracker.sender_id, reference)
                email = promised_address(session, case) if case is not None else None
                waiting = case is not None and case.status == Status.QUEUED
        except SQLAlchemyError as error:
            return _records_unavailable(dispatcher, error) + [ConversationPaused()]
        if email:
            dispatcher.utter_message(response="utter_reply_by_email", email=email)
        else:
            dispatcher.utter_message(response="utter_answer_here", case_reference=reference)
        events: List[EventType] = [SlotSet("follow_up_email", None), SlotSet("follow_up_asked", 0)]
        return events + ([ConversationPaused()] if waiting else [])  # a person may have taken it meanwhile


class ActionAnswerRefusal(Action):
    """A customer who does not accept the explanation: the facts told again, then a person."""

    def name(self) -> Text:
        return "action_answer_refusal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        language = _language(tracker)
        try:
            with session_scope() as session:
                answer = answer_refusal(session, POLICY, conversation_id=tracker.sender_id,
                                        case_reference=tracker.get_slot("case_reference"), language=language,
                                        disputes_a_record=_intent(tracker) == "dispute",
                                        category=tracker.get_slot("complaint_category"))
        except SQLAlchemyError as error:
            return _records_unavailable(dispatcher, error)
        if answer.kind == "hand_off":
            return _hand_off(dispatcher, tracker, "reject_facts")
        if answer.kind == "new_problem":  # not a refusal: a complaint about something else
            return _acknowledge(dispatcher, tracker) + [FollowupAction("complaint_form")]
        if answer.kind == "nothing_explained":
            dispatcher.utter_message(response="utter_how_can_i_help")
            return []
        dispatcher.utter_message(response="utter_facts_again", facts=answer.facts, next_step=answer.next_step)
        if answer.gesture:
            dispatcher.utter_message(response="utter_gesture_kept", remedy=answer.gesture)
        return []


class ActionHandleInsult(Action):
    """A calm reply to the first insult; a person after the second."""

    def name(self) -> Text:
        return "action_handle_insult"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        insults = int(tracker.get_slot("insults") or 0) + 1
        if insults >= INSULTS_BEFORE_HANDOFF:
            return [SlotSet("insults", insults)] + _hand_off(dispatcher, tracker, "insult")
        dispatcher.utter_message(response="utter_insult_warning")
        return [SlotSet("insults", insults)]


class ActionHandleFallback(Action):
    """Asks to rephrase; after two misunderstandings in a row, a person takes over."""

    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intents = [intent for intent, _ in _user_turns(tracker)]
        if fallbacks_in_a_row(intents) >= MAX_FALLBACKS_IN_A_ROW:
            return _hand_off(dispatcher, tracker, "nlu_fallback")
        dispatcher.utter_message(response="utter_default")
        return []


class ActionAskRating(Action):
    """Run by the console when a person closes the case: the customer is asked for a rating."""

    def name(self) -> Text:
        return "action_ask_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        try:
            with session_scope() as session:
                case = conversation_case(session, tracker.sender_id)
                reference = case.reference if case is not None and case.status == Status.CLOSED else None
        except SQLAlchemyError as error:
            logger.warning("rating not asked: %s", error.__class__.__name__)
            return []
        return _ask_rating(dispatcher, tracker, reference, ResolvedBy.AGENT) if reference else []


class ActionRecordRating(Action):
    """The customer's 1-5 rating of the case they were asked about; asked again when unclear."""

    def name(self) -> Text:
        return "action_record_rating"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reference = tracker.get_slot("csat_case")
        if not reference:
            dispatcher.utter_message(response="utter_how_can_i_help")  # nothing was asked to rate
            return []
        given = next(tracker.get_latest_entity_values("csat_rating"), None)
        rating = parse_rating(given if given is not None else tracker.latest_message.get("text") or "")
        if rating is None:
            dispatcher.utter_message(response="utter_ask_rating")
            return []
        try:
            with session_scope() as session:
                case = current_case(session, tracker.sender_id, reference)
                if case is None:
                    return [SlotSet("csat_case", None)]
                record_rating(case, rating, datetime.utcnow())
        except SQLAlchemyError as error:
            return _records_unavailable(dispatcher, error)
        dispatcher.utter_message(response="utter_rating_thanks")
        return []


class ActionRecordComment(Action):
    """The customer's comment on their rating, kept masked with the case."""

    def name(self) -> Text:
        return "action_record_comment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reference, comment = tracker.get_slot("csat_case"), tracker.get_slot("csat_comment") or ""
        try:
            with session_scope() as session:
                case = current_case(session, tracker.sender_id, reference)
                kept = case is not None and record_comment(case, comment)
        except SQLAlchemyError as error:
            return _records_unavailable(dispatcher, error) + [SlotSet("csat_comment", None)]
        dispatcher.utter_message(response="utter_comment_thanks" if kept else "utter_how_can_i_help")
        return [SlotSet("csat_comment", None), SlotSet("csat_case", None)]
