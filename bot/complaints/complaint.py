"""One complaint from verified order to recorded outcome: the service the Rasa actions call.

Orchestration only: evidence checks, the decision and the wording live in their own modules.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Optional, Sequence

from sqlalchemy.orm import Session

from bot.complaints.cases import (
    STATUS_AFTER,
    Status,
    case_complaint,
    case_decision,
    case_findings,
    case_reasons,
    current_case,
    new_case,
    open_case_of_order,
)
from bot.complaints.decision import Complaint, Decision, Flags, Reason, alternative, decide
from bot.complaints.evidence.collect import collect_evidence
from bot.complaints.evidence.finding import Finding
from bot.complaints.evidence.history_evidence import History
from bot.complaints.facts_text import describe_facts, describe_remedy, format_money, no_records_text
from bot.complaints.policy import Policy
from bot.complaints.two_problems import Problem
from bot.orders.identity import is_verified
from bot.orders.lookup import find_order
from bot.store.models import Case, GoodwillGrant, Order

# Recorded in a case's reasons when a later complaint about its order joined it, and when a
# person takes a case whose customer named a second problem that the bot had not reached yet.
ADDED_TO_OPEN_CASE = "added_to_open_case"
SECOND_PROBLEM = "second_problem"


class UnverifiedOrder(Exception):
    """The order does not exist, or its email was not given in this conversation."""


@dataclass(frozen=True)
class CustomerAnswer:
    """What the customer is told: the decision plus its facts and remedy in their language."""

    case_reference: str
    decision: Decision
    facts_text: str
    remedy_text: str
    added_to_open_case: bool = False  # the order already had an open case: nothing was decided again


def _complaint(order: Order, category: str, desired_remedy: Optional[str], findings: Sequence[Finding],
               history: Optional[History], flags: Flags) -> Complaint:
    return Complaint(category=category, order_value=order.value, shipping_fee=order.shipping_fee,
                     currency=order.currency, findings=findings, history=history, desired_remedy=desired_remedy,
                     flags=flags)


def _record(case: Case, decision: Decision, language: str) -> None:
    case.outcome = decision.outcome
    case.remedy = decision.remedy
    case.amount = decision.amount
    case.currency = decision.currency
    case.reasons = decision.reasons_as_dicts()
    case.language = language
    case.status = STATUS_AFTER[decision.outcome]
    case.updated_at = datetime.utcnow()
    if decision.outcome == "handoff":
        case.handed_off_at, case.agent, case.claimed_at = case.updated_at, None, None


def _grant(session: Session, case: Case, now: datetime) -> None:
    session.add(GoodwillGrant(customer_id=case.customer_id, order_id=case.order_id, case_id=case.id,
                              remedy=case.remedy, amount=case.amount, currency=case.currency, granted_at=now))


def _outcome(case: Case, decision: Decision, findings: Sequence[Finding], language: str) -> CustomerAnswer:
    verdicts = ("contradicts",) if decision.outcome == "explained" else ("supports", "contradicts", "unclear")
    facts = describe_facts(findings, language, verdicts) or no_records_text(language)
    remedy = (describe_remedy(decision.remedy, decision.amount, decision.currency, language)
              if decision.remedy and decision.currency else "")  # every remedy a decision gives has a currency
    return CustomerAnswer(case.reference, decision, facts, remedy)


def _note_problem(case: Case, problem: Problem, rule: str, detail: str) -> None:
    """Another problem joins the case, for whoever decides it: its words in the details, and why
    in the reasons."""
    said = f"[{problem.category}] {problem.details}".strip()
    case.details = f"{case.details}\n{said}" if case.details else said
    case.reasons = [*(case.reasons or []), {"rule": rule, "detail": detail}]
    case.updated_at = datetime.utcnow()


def assess(session: Session, policy: Policy, *, conversation_id: str, language: str, category: str,
           order_reference: str, details: Optional[str], desired_remedy: Optional[str],
           flags: Flags, claimed_amount: Optional[str] = None, case_reference: Optional[str] = None,
           pending: Optional[Problem] = None, now: Optional[datetime] = None) -> CustomerAnswer:
    """Collect the evidence, decide, and record the complaint's case: only for an order whose
    email the customer gave in this conversation (checked again here, whatever the caller believes). A complaint
    about an order that already has an open case is added to it and decided by whoever has it;
    a `pending` second problem goes with a case that a person takes."""
    now = now or datetime.utcnow()
    order = find_order(session, order_reference)
    if order is None or not is_verified(session, conversation_id, order):
        raise UnverifiedOrder(order_reference)
    case = current_case(session, conversation_id, case_reference)
    if case is None:
        open_case = open_case_of_order(session, order.id)
        if open_case is not None:
            _note_problem(open_case, Problem(category, details or ""), ADDED_TO_OPEN_CASE,
                          f"{category}, {conversation_id}")
            return replace(_outcome(open_case, case_decision(open_case), case_findings(open_case), language),
                           added_to_open_case=True)
        case = new_case(session, conversation_id)
    case.customer_id, case.order_id = order.customer_id, order.id
    case.category, case.details, case.desired_remedy = category, details, desired_remedy
    case.claimed_amount = claimed_amount or case.claimed_amount
    evidence = collect_evidence(session, order, category, policy, now, conversation_id)
    case.evidence = evidence.recorded()
    decision = decide(_complaint(order, category, desired_remedy, evidence.findings, evidence.history, flags), policy)
    _record(case, decision, language)
    if decision.outcome == "handoff" and pending is not None:
        _note_problem(case, pending, SECOND_PROBLEM, pending.category)
    if decision.outcome == "explained" and decision.remedy:
        # The policy's small gesture is given, not offered: there is nothing to accept.
        _grant(session, case, now)
    return _outcome(case, decision, evidence.findings, language)


def answer_offer(session: Session, policy: Policy, *, conversation_id: str, case_reference: Optional[str],
                 language: str, accepted: bool, now: Optional[datetime] = None) -> CustomerAnswer:
    """The customer's answer to a goodwill offer: record the grant, or offer the one alternative."""
    case = current_case(session, conversation_id, case_reference)
    if case is None or case.outcome != "goodwill" or case.status != Status.OFFERED:
        raise ValueError(f"case {case_reference} has no open offer")
    findings = case_findings(case)
    current = case_decision(case)
    if accepted:
        _grant(session, case, now or datetime.utcnow())
        case.status, case.customer_answer, case.updated_at = Status.CLOSED, "accepted", datetime.utcnow()
        return _outcome(case, current, findings, language)
    case.customer_answer = "declined"
    complaint = case_complaint(case)
    if complaint is None:
        raise ValueError(f"case {case_reference} keeps no complaint to offer an alternative on")
    decision = alternative(current, complaint, policy)
    _record(case, decision, language)
    return _outcome(case, decision, findings, language)


def hand_off(session: Session, *, conversation_id: str, case_reference: Optional[str], language: str,
             reasons: list[Reason], category: Optional[str] = None, order_reference: Optional[str] = None,
             details: Optional[str] = None, desired_remedy: Optional[str] = None,
             claimed_amount: Optional[str] = None, pending: Optional[Problem] = None) -> Case:
    """Queue the complaint's case (`case_reference`, or a new one) for a person, keeping whatever
    is known so far (the order only when this conversation proved it is the customer's)."""
    case = current_case(session, conversation_id, case_reference) or new_case(session, conversation_id)
    order = find_order(session, order_reference) if order_reference else None
    if order is not None and is_verified(session, conversation_id, order):
        case.order_id, case.customer_id = order.id, order.customer_id
    case.category = category or case.category
    case.details = details or case.details
    case.desired_remedy = desired_remedy or case.desired_remedy
    case.claimed_amount = claimed_amount or case.claimed_amount
    previous = tuple(r for r in case_reasons(case) if r.rule not in {x.rule for x in reasons})
    _record(case, Decision("handoff", previous + tuple(reasons)), language)
    if pending is not None:
        _note_problem(case, pending, SECOND_PROBLEM, pending.category)
    return case


def handoff_summary(case: Case, language: str) -> str:
    """The summary a person reads first: category, order, facts, wish, language, reasons."""
    findings = case_findings(case)
    facts = describe_facts(findings, "en", ("supports", "contradicts", "unclear")) or "no evidence collected"
    wish = case.desired_remedy or "not stated"
    claimed = f"; amount mentioned: {case.claimed_amount}" if case.claimed_amount else ""
    money = format_money(case.order.value, case.order.currency, "en") if case.order else "—"
    reasons = ", ".join(r["rule"] for r in case.reasons or []) or "—"
    return (f"{case.reference} [{language}] category={case.category or 'unknown'} "
            f"order={case.order.reference if case.order else 'unknown'} ({money}); wants: {wish}{claimed}; "
            f"facts: {facts}; reasons: {reasons}; customer said: {(case.details or '')[:300]}")

