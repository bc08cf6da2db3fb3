"""Running a complaint's evidence checks: its category's checks, then the customer's history.

Which checks belong to a category is the registry's; what the findings mean is the decision's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.complaints.categories import category
from bot.complaints.evidence.finding import Finding
from bot.complaints.evidence.history_evidence import History, history_evidence
from bot.complaints.policy import Policy
from bot.store.models import Order


@dataclass(frozen=True)
class Evidence:
    """What the records say about one complaint: the category's findings and the history."""

    findings: tuple[Finding, ...]
    history: History

    def recorded(self) -> list[dict]:
        """Every finding as the case stores it, the history last."""
        return [f.to_dict() for f in (*self.findings, self.history.as_finding())]


def collect_evidence(session: Session, order: Order, category_name: str, policy: Policy, now: datetime,
                     conversation_id: str | None = None) -> Evidence:
    """Run the category's checks, each with its policy section, and the history check."""
    rules = policy.categories[category_name]
    findings = tuple(check.run(order, now, rules) for check in category(category_name).checks)
    return Evidence(findings, history_evidence(session, order, now, policy.window_days, conversation_id))
