"""A customer asking for their data or its erasure: the same identity check, then a person."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.handoff import hand_off_to_person
from actions.identity_form import ValidateIdentityForm, unproven_reason
from actions.runtime import records_unavailable
from bot.orders.identity import proven_order
from bot.store import session_scope


class ValidatePrivacyForm(ValidateIdentityForm):
    """The same identity check for a customer asking for their data or its erasure."""

    def name(self) -> Text:
        return "validate_privacy_form"


class ActionOpenPrivacyCase(Action):
    """A verified customer's data request goes to a person (docs/privacy.md)."""

    def name(self) -> Text:
        return "action_open_privacy_case"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        try:
            with session_scope() as session:
                verified = proven_order(session, tracker.sender_id, tracker.get_slot("verified_order")) is not None
        except SQLAlchemyError as error:
            return records_unavailable(dispatcher, error)
        return hand_off_to_person(dispatcher, tracker, "privacy_request" if verified else unproven_reason(tracker),
                                  about_the_complaint=False)
