"""The identity check every form shares (a complaint, a case's status, a data request): the order the
customer names and its email, proven through bot.orders.identity; two failures in a row offer a person.

The identity slots only; each form adds the validators of its own slots.
"""
from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions import runtime
from actions.runtime import records_unavailable
from actions.tracker_reading import client_of
from bot.complaints.conversation import IDENTITY_NOT_VERIFIED, RECORDS_OUTAGE
from bot.complaints.form_validation import should_offer_person
from bot.orders.identity import Identity, Step, give_email, name_order
from bot.orders.lookup import reference_format
from bot.orders.sources import SourceUnavailable, prefetch_named_order, refresh_named_order
from bot.store import session_scope

logger = logging.getLogger(__name__)
# Who the customer proved to be: kept for the conversation's next complaint about the same order.
IDENTITY_SLOTS = ("order_id", "customer_email", "verified_order", "identity_locked", "records_outage")


def _identity(tracker: Tracker) -> Identity:
    return Identity(tracker.get_slot("order_id"), tracker.get_slot("verified_order"))


class ActionAskOrderId(Action):
    """Every form's question for the order, with an example of the records source's own references
    ('ORD-12345' from the import, '#1042' from a shop)."""

    def name(self) -> Text:
        return "action_ask_order_id"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        dispatcher.utter_message(response="utter_ask_order_id", example=reference_format().example)
        return []


def unproven_reason(tracker: Tracker) -> str:
    """Why a form ended without a proven order: the shop could not be asked, or too many wrong emails."""
    return RECORDS_OUTAGE if tracker.get_slot("records_outage") else IDENTITY_NOT_VERIFIED


class ValidateIdentityForm(FormValidationAction, ABC):
    """Checks the order and its email; too many wrong emails end the form so that a person takes over
    (`identity_locked`). Abstract: rasa_sdk registers only the forms that name themselves."""

    @abstractmethod
    def name(self) -> Text:
        """The form's validation action, `validate_<form name>`."""

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
        """The order's format is checked; a live records source starts fetching it at once, in the
        background (nothing about it is told before its email is proven)."""
        step = name_order(_identity(tracker), str(value))
        if step.slots.get("order_id"):
            prefetch_named_order(step.slots["order_id"])
        return self._step(step, dispatcher, tracker)

    def validate_customer_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        if "order_id" in tracker.slots_to_validate() and "@" not in str(value):
            return {"customer_email": None}  # the answer named another order: its email is asked next
        if tracker.get_slot("verified_order") and value == tracker.get_slot("customer_email"):
            return {"customer_email": value}  # proven earlier (kept masked): a new form does not ask again
        identity = _identity(tracker)
        try:
            with session_scope() as session:
                if identity.named_order:
                    refresh_named_order(session, identity.named_order)
                step = give_email(session, identity, str(value), runtime.policy(), tracker.sender_id,
                                  client_of(tracker))
                return self._step(step, dispatcher, tracker)
        except SourceUnavailable as error:  # the form ends; a person takes over (unproven_reason)
            logger.warning("the shop could not be asked for order %s: %s", identity.named_order, error)
            dispatcher.utter_message(response="utter_shop_unavailable")
            return {"customer_email": None, "identity_locked": True, "records_outage": True}
        except SQLAlchemyError as error:
            records_unavailable(dispatcher, error)
            return {"customer_email": None}

