"""Once a case has ended: the customer's 1-5 rating of it, and a comment."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.runtime import records_unavailable
from bot.complaints.cases import Status, conversation_case, current_case
from bot.insight.satisfaction import ResolvedBy, ask_for_rating, parse_rating, record_comment, record_rating
from bot.store import session_scope

logger = logging.getLogger(__name__)


def ask_rating(dispatcher: CollectingDispatcher, tracker: Tracker, reference: Optional[str],
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
        return ask_rating(dispatcher, tracker, reference, ResolvedBy.AGENT) if reference else []


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
            return records_unavailable(dispatcher, error)
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
            return records_unavailable(dispatcher, error) + [SlotSet("csat_comment", None)]
        dispatcher.utter_message(response="utter_comment_thanks" if kept else "utter_how_can_i_help")
        return [SlotSet("csat_comment", None), SlotSet("csat_case", None)]
