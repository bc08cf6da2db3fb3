"""Facts about a conversation the policy needs, from its list of user turns.

Works on plain (intent, text) pairs so it can be tested without Rasa; actions build the list.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from bot.complaints.decision import Flags, Reason
from bot.complaints.legal_terms import mentions_legal_threat

FALLBACK_INTENT = "nlu_fallback"
MAX_FALLBACKS_IN_A_ROW = 2
# Not intents: the handoff after too many wrong emails (bot.orders.identity), and when the shop could not
# be asked for the order the customer named (bot.orders.sources).
IDENTITY_NOT_VERIFIED = "identity_not_verified"
RECORDS_OUTAGE = "records_outage"

HANDOFF_REASON_BY_INTENT = {
    "request_human": "customer_asked_for_a_person",
    "dispute": "customer_disputes_the_records",
    "reject_facts": "customer_disputes_the_records",
    "cancel_order": "cancellation_request",
    "privacy_request": "privacy_request",
    "insult": "repeated_insults",
    FALLBACK_INTENT: "repeated_misunderstanding",
    IDENTITY_NOT_VERIFIED: "identity_not_verified",
    RECORDS_OUTAGE: "records_source_unavailable",
}


def fallbacks_in_a_row(intents: Sequence[str]) -> int:
    """How many of the latest user turns in a row the bot did not understand."""
    count = 0
    for intent in reversed(intents):
        if intent != FALLBACK_INTENT:
            break
        count += 1
    return count


def handoff_reason(intent: str) -> Reason:
    return Reason(HANDOFF_REASON_BY_INTENT.get(intent, "handed_off"), intent)


def conversation_flags(turns: Iterable[tuple[str, str]], insults: int,
                       legal_terms: Mapping[str, Iterable[str]]) -> Flags:
    """The policy's flags from the user turns (intent, text) so far."""
    turns = list(turns)
    intents = [intent for intent, _ in turns]
    return Flags(human_requested="request_human" in intents, disputed="dispute" in intents, insults=insults,
                 legal_threat=mentions_legal_threat((text for _, text in turns), legal_terms))
