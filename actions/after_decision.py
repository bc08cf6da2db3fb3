"""After an outcome and around it: a customer who refuses the facts, an insult, and a message that
was not understood."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import runtime
from actions.complaint import acknowledge
from actions.handoff import hand_off_to_person
from actions.runtime import records_unavailable
from actions.tracker_reading import intent_of, language_of, user_turns
from bot.complaints.after_decision import answer_refusal
from bot.complaints.conversation import (
    MAX_FALLBACKS_IN_A_ROW,
    fallbacks_in_a_row,
)
from bot.complaints.decision import INSULTS_BEFORE_HANDOFF
from bot.store import session_scope


class ActionAnswerRefusal(Action):
    """A customer who does not accept the explanation: the facts told again, then a person."""

    def name(self) -> Text:
        return "action_answer_refusal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        language = language_of(tracker)
        try:
            with session_scope() as session:
                answer = answer_refusal(session, runtime.policy(), conversation_id=tracker.sender_id,
                                        case_reference=tracker.get_slot("case_reference"), language=language,
                                        disputes_a_record=intent_of(tracker) == "dispute",
                                        category=tracker.get_slot("complaint_category"))
        except SQLAlchemyError as error:
            return records_unavailable(dispatcher, error)
        if answer.kind == "hand_off":
            return hand_off_to_person(dispatcher, tracker, "reject_facts")
        if answer.kind == "new_problem":  # not a refusal: a complaint about something else
            return acknowledge(dispatcher, tracker) + [FollowupAction("complaint_form")]
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
            return [SlotSet("insults", insults)] + hand_off_to_person(dispatcher, tracker, "insult")
        dispatcher.utter_message(response="utter_insult_warning")
        return [SlotSet("insults", insults)]


class ActionHandleFallback(Action):
    """Asks to rephrase; after two misunderstandings in a row, a person takes over."""

    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        intents = [intent for intent, _ in user_turns(tracker)]
        if fallbacks_in_a_row(intents) >= MAX_FALLBACKS_IN_A_ROW:
            return hand_off_to_person(dispatcher, tracker, "nlu_fallback")
        dispatcher.utter_message(response="utter_default")
        return []
