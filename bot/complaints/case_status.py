"""What a customer who comes back is told about an earlier case: what was decided and when,
what happens next and by when, and who has it. Only for the order whose email they gave.

Finds the case and words its state; the replies' frames live in domain.yml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.complaints.cases import Status, case_findings
from bot.complaints.facts_text import describe_facts, describe_remedy, format_datetime, no_records_text
from bot.complaints.policy import Policy
from bot.orders.lookup import find_order
from bot.store.models import Case

# "C-000022", "c 22", "case 000022": the six-digit form is the one customers are given.
CASE_REFERENCE = re.compile(r"(?<![\w-])c(?:ase)?\s{0,3}[-#]?\s{0,3}(\d{1,6})(?!\d)", re.IGNORECASE)


def parse_case_reference(text: str) -> Optional[int]:
    """The case id in 'what about C-000022?' (22); None when there is none."""
    match = CASE_REFERENCE.search(text or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class StatusReport:
    """The reply to say (`response`, a domain response) and its values."""

    response: str
    values: dict[str, str] = field(default_factory=dict)


def find_case(session: Session, order_reference: str, case_id: Optional[int] = None) -> Optional[Case]:
    """The order's latest case, or the one asked for by reference if it belongs to that order."""
    order = find_order(session, order_reference)
    if order is None:
        return None
    query = select(Case).where(Case.order_id == order.id).order_by(Case.id.desc())
    if case_id is not None:
        query = query.where(Case.id == case_id)
    return session.execute(query.limit(1)).scalar_one_or_none()


def add_working_days(start: datetime, days: int) -> datetime:
    """`days` working days (Monday to Friday) after `start`."""
    when = start
    while days > 0:
        when += timedelta(days=1)
        days -= when.weekday() < 5
    return when


def _date(value: datetime, language: str) -> str:
    return format_datetime(value.replace(hour=0, minute=0, second=0, microsecond=0), language)


def _agreed(case: Case, policy: Policy, language: str, values: dict[str, str]) -> StatusReport:
    """A remedy the customer accepted: when it arrives."""
    decided = case.updated_at or case.created_at
    if case.remedy in ("refund", "shipping_refund"):
        due = add_working_days(decided, policy.refund_working_days)
        return StatusReport("utter_status_refund", {**values, "due": _date(due, language),
                                                    "days": str(policy.refund_working_days)})
    if case.remedy == "replacement":
        due = decided + timedelta(days=policy.replacement_days)
        return StatusReport("utter_status_replacement", {**values, "due": _date(due, language)})
    return StatusReport("utter_status_voucher", values)


def status_report(case: Optional[Case], policy: Policy, language: str) -> StatusReport:
    """The case's state in the customer's words."""
    if case is None:
        return StatusReport("utter_status_no_case")
    decided = case.updated_at or case.created_at
    values = {"case_reference": case.reference, "date": _date(decided, language)}
    if case.remedy:
        values["remedy"] = describe_remedy(case.remedy, case.amount, case.currency or "EUR", language)
    if case.status == Status.CLAIMED:
        return StatusReport("utter_status_with_person", {**values, "agent": case.agent or ""})
    if case.status in (Status.QUEUED, Status.WITH_BOT, Status.OPEN):
        return StatusReport("utter_status_queued", values)
    if case.status == Status.OFFERED:
        return StatusReport("utter_status_offered", values)
    if case.closed_at is not None and case.resolution_remedy:
        return StatusReport("utter_status_closed_by_person", {**values, "date": _date(case.closed_at, language)})
    if case.outcome == "goodwill" and case.customer_answer == "accepted":
        return _agreed(case, policy, language, values)
    facts = describe_facts(case_findings(case), language, ("contradicts",)) or no_records_text(language)
    return StatusReport("utter_status_explained", {**values, "facts": facts})


def order_case_status(session: Session, policy: Policy, order_reference: str, case_id: Optional[int],
                      language: str) -> StatusReport:
    """The status of the order's case (`case_id`, else its latest)."""
    return status_report(find_case(session, order_reference, case_id), policy, language)
