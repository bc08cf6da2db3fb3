"""A person takes over: the case queued with what the conversation said, the customer told when a
person will answer, and, when nobody can answer in the chat, asked whether a person may answer by
email."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, ConversationPaused, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import runtime
from actions.runtime import records_unavailable
from actions.tracker_reading import intent_of, language_of, pending_problem
from bot.complaints.cases import Status, add_reason, current_case
from bot.complaints.complaint import hand_off, handoff_summary
from bot.complaints.conversation import (
    handoff_reason,
)
from bot.complaints.form_validation import (
    wished_remedy,
)
from bot.handoff.address_confirmation import Confirmation, confirm_code, request_code, send_code
from bot.handoff.availability import HandoffReply, customer_zone, handoff_reply
from bot.handoff.email_consent import DECLINED, read_answer
from bot.handoff.email_follow_up import promise_email, promised_address
from bot.mail.postbox import MailError
from bot.privacy.pii import mask_personal_data
from bot.settings import mail_from, mail_reply_domain
from bot.store import session_scope

logger = logging.getLogger(__name__)


def _complaint_so_far(tracker: Tracker) -> Dict[str, Any]:
    """What the conversation's complaint has said so far, for the case a person takes."""
    return {"case_reference": tracker.get_slot("case_reference"), "category": tracker.get_slot("complaint_category"),
            "details": tracker.get_slot("complaint_details"),
            "desired_remedy": wished_remedy(tracker.get_slot("desired_remedy")),
            "claimed_amount": tracker.get_slot("claimed_amount"), "pending": pending_problem(tracker)}


def hand_off_to_person(dispatcher: CollectingDispatcher, tracker: Tracker, intent: str,
                       about_the_complaint: bool = True) -> List[EventType]:
    """Queue the case for a person, tell the customer, and pause the bot. Only an order whose
    email was given is attached to the case. A request that is not about the complaint (the
    customer's data) gets a case of its own."""
    language = language_of(tracker)
    known = _complaint_so_far(tracker) if about_the_complaint else {"case_reference": None}
    try:
        with session_scope() as session:
            case = hand_off(session, conversation_id=tracker.sender_id, language=language,
                            reasons=[handoff_reason(intent)], order_reference=tracker.get_slot("verified_order"),
                            **known)
            reference = case.reference
            logger.info("handoff %s", mask_personal_data(handoff_summary(case, language)))
    except SQLAlchemyError as error:
        return records_unavailable(dispatcher, error) + [ConversationPaused()]
    return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("offer_open", False),
            SlotSet("case_reference", reference), SlotSet("case_outcome", "handoff"), SlotSet("pending_problem", None),
            *say_handoff(dispatcher, tracker, reference)]


def say_handoff(dispatcher: CollectingDispatcher, tracker: Tracker, reference: str) -> List[EventType]:
    """Tell a handed-off customer when a person will answer: here now (and the usual wait), or when
    the office opens, which the case records too (bot.handoff.availability); and, when nobody can
    answer in the chat now, that the answer will come by email too (bot.handoff.email_follow_up).
    The bot then waits for the person, unless it first asks a customer who proved no email whether
    a person may answer by email (bot.handoff.email_consent)."""
    language, email, ask = language_of(tracker), None, False
    try:
        with session_scope() as session:
            zone = customer_zone((tracker.latest_message.get("metadata") or {}).get("time_zone"))
            reply = handoff_reply(session, runtime.policy().office_hours, language, zone=zone)
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


class ActionHandOff(Action):
    """A person takes over: asked for, disputed records, or a cancellation."""

    def name(self) -> Text:
        return "action_hand_off"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return hand_off_to_person(dispatcher, tracker, intent_of(tracker))


class ValidateEmailFollowUpForm(FormValidationAction):
    """Reads a handed-off customer's answer to whether a person may answer by email: an address
    written gets a code by email (bot.handoff.address_confirmation), and only the code typed back
    makes it the one a person answers at (bot.handoff.email_follow_up)."""

    def name(self) -> Text:
        return "validate_email_follow_up_form"

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> List[Text]:
        written = tracker.get_slot("follow_up_email")
        return domain_slots if written and written != DECLINED else [s for s in domain_slots if s != "follow_up_code"]

    def validate_follow_up_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[Text, Any]:
        asked = int(tracker.get_slot("follow_up_asked") or 0) + 1
        # An address given here proves no order: it must not stand as the identity form's answer.
        kept = {"follow_up_asked": asked, **({} if tracker.get_slot("verified_order") else {"customer_email": None})}
        answer = read_answer(str(value or ""), intent_of(tracker), asked, mail_reply_domain())
        if answer.email is None:
            if answer.declined:
                return {"follow_up_email": DECLINED, **kept}
            dispatcher.utter_message(response="utter_follow_up_email_unclear")
            return {"follow_up_email": None, **kept}
        now = datetime.utcnow()
        try:
            with session_scope() as session:
                case = current_case(session, tracker.sender_id, tracker.get_slot("case_reference"))
                code = request_code(session, case, answer.email, now) if case is not None else None
                if case is not None and code is not None:
                    send_code(runtime.postbox(), mail_from(), case, code, language_of(tracker))
        except (SQLAlchemyError, MailError) as error:
            records_unavailable(dispatcher, error)
            return {"follow_up_email": DECLINED, **kept}
        if code is None:
            dispatcher.utter_message(response="utter_follow_up_code_unavailable")
            return {"follow_up_email": DECLINED, **kept}
        return {"follow_up_email": mask_personal_data(answer.email), "follow_up_code": None, **kept}

    def validate_follow_up_code(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        if intent_of(tracker) == "deny":
            return {"follow_up_code": DECLINED, "follow_up_email": DECLINED}
        try:
            with session_scope() as session:
                case = current_case(session, tracker.sender_id, tracker.get_slot("case_reference"))
                outcome = confirm_code(session, case, str(value or ""), datetime.utcnow()) if case else None
        except SQLAlchemyError as error:
            records_unavailable(dispatcher, error)
            return {"follow_up_code": DECLINED, "follow_up_email": DECLINED}
        if outcome is Confirmation.CONFIRMED:
            return {"follow_up_code": outcome.value}
        if outcome is Confirmation.WRONG:
            dispatcher.utter_message(response="utter_follow_up_code_wrong")
            return {"follow_up_code": None}
        dispatcher.utter_message(response="utter_follow_up_code_unavailable")
        return {"follow_up_code": DECLINED, "follow_up_email": DECLINED}


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
            return records_unavailable(dispatcher, error) + [ConversationPaused()]
        if email:
            dispatcher.utter_message(response="utter_reply_by_email", email=email)
        else:
            dispatcher.utter_message(response="utter_answer_here", case_reference=reference)
        events: List[EventType] = [SlotSet("follow_up_email", None), SlotSet("follow_up_code", None),
                                   SlotSet("follow_up_asked", 0)]
        return events + ([ConversationPaused()] if waiting else [])  # a person may have taken it meanwhile
