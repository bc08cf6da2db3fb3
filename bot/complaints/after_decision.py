"""What happens when a customer does not accept a calm explanation: the facts told again, up to
the policy's number of times, then a person.

Reads and annotates the conversation's case; the replies' frames live in domain.yml.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy.orm import Session

from bot.complaints.cases import add_reason, case_findings, case_reasons, current_case
from bot.complaints.decision import Reason
from bot.complaints.facts_text import describe_facts, describe_remedy, next_step_text
from bot.complaints.policy import Policy
from bot.store.models import Case

# Recorded in the case's reasons each time the facts are told again, so the count survives restarts.
FACTS_TOLD_AGAIN = "facts_told_again"


@dataclass(frozen=True)
class Retelling:
    """The answer to a refusal: `kind` is "retell" (with the facts, any gesture already given and
    what the customer can do), "hand_off" (a person reviews the records), "new_problem" (the
    customer complains about something else: a new complaint, not a refusal) or
    "nothing_explained" (the conversation has no explanation to stand by)."""

    kind: str
    case_reference: Optional[str] = None
    facts: str = ""
    gesture: str = ""
    next_step: str = ""


def _explained_case(session: Session, conversation_id: str, case_reference: Optional[str]) -> Optional[Case]:
    case = current_case(session, conversation_id, case_reference)
    return case if case is not None and case.outcome == "explained" else None


def times_told_again(case: Case) -> int:
    return sum(1 for reason in case_reasons(case) if reason.rule == FACTS_TOLD_AGAIN)


def answer_refusal(session: Session, policy: Policy, *, conversation_id: str, case_reference: Optional[str],
                   language: str, disputes_a_record: bool, category: Optional[str] = None) -> Retelling:
    """Tell the facts again while the policy allows; a customer who disputes a record itself
    ("that's not my signature") or refuses once more goes to a person. A complaint of another
    `category` than the explained case's is a new problem."""
    case = _explained_case(session, conversation_id, case_reference)
    if disputes_a_record:
        return Retelling("hand_off", case.reference if case else None)
    if case is None:
        return Retelling("nothing_explained")
    if category and case.category and category != case.category:
        return Retelling("new_problem", case.reference)
    if times_told_again(case) >= policy.max_fact_reiterations:
        return Retelling("hand_off", case.reference)
    facts = describe_facts(case_findings(case), language, ("contradicts",))
    gesture = describe_remedy(case.remedy, case.amount, case.currency, language) if case.remedy else ""
    add_reason(case, Reason(FACTS_TOLD_AGAIN, f"in {language}"))
    return Retelling("retell", case.reference, facts, gesture, next_step_text(case.category, language))
