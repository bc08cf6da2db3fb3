"""A customer asking about an earlier case: the same identity check as a complaint, then its status."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import runtime
from actions.handoff import hand_off_to_person
from actions.identity_form import ValidateIdentityForm, unproven_reason
from actions.runtime import records_unavailable
from actions.tracker_reading import language_of
from bot.complaints.case_status import order_case_status, parse_case_reference
from bot.orders.identity import proven_order
from bot.store import session_scope


class ValidateStatusForm(ValidateIdentityForm):
    """The same identity check for a customer asking about an earlier case."""

    def name(self) -> Text:
        return "validate_status_form"


class ActionTellCaseStatus(Action):
    """An earlier case's status, for the order whose email the customer gave."""

    def name(self) -> Text:
        return "action_tell_case_status"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        try:
            with session_scope() as session:
                order = proven_order(session, tracker.sender_id, tracker.get_slot("verified_order"))
                report = order and order_case_status(session, runtime.policy(), order,
                                                     parse_case_reference(tracker.get_slot("status_question") or ""),
                                                     language_of(tracker))
        except SQLAlchemyError as error:
            return records_unavailable(dispatcher, error)
        if not report:
            return hand_off_to_person(dispatcher, tracker, unproven_reason(tracker))
        dispatcher.utter_message(response=report.response, **report.values)
        return [SlotSet("status_question", None)]
