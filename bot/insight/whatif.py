"""Policy what-if: every past case's recorded facts decided again under the current policy and
under a proposed one, with the pure decision function; what would change, and what goodwill
would cost. Reads cases only: nothing is written.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Iterable, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.complaints.cases import IMPORTED, case_complaint
from bot.complaints.decision import Decision, decide
from bot.complaints.policy import Policy
from bot.store.models import Case


@dataclass(frozen=True, kw_only=True)
class Change:
    """One case whose decision the proposed policy changes."""

    case: str
    language: str
    category: str
    before: str  # outcome, with the remedy when there is one ("goodwill refund")
    after: str
    cost_before: Decimal
    cost_after: Decimal


@dataclass(kw_only=True)
class WhatIf:
    """The replay's result; amounts in the proposed policy's currency."""

    currency: str
    replayed: int = 0
    not_replayable: int = 0  # cases with no order or evidence recorded (handed over before the facts)
    transitions: Counter = field(default_factory=Counter)  # (outcome before, outcome after) -> cases
    changed_by_category: Counter = field(default_factory=Counter)
    changed_by_language: Counter = field(default_factory=Counter)
    cost_before: Decimal = Decimal("0.00")
    cost_after: Decimal = Decimal("0.00")
    changes: list[Change] = field(default_factory=list)


def _label(decision: Decision) -> str:
    return f"{decision.outcome} {decision.remedy}" if decision.remedy else decision.outcome


def _cost(decision: Decision, policy: Policy) -> Decimal:
    """What the decision gives away, in the policy's currency (a person's decision costs nothing yet)."""
    if decision.amount is None or decision.currency is None or decision.currency not in policy.rates:
        return Decimal("0.00")
    return (decision.amount * policy.rates[decision.currency]).quantize(Decimal("0.01"))


def replay(cases: Iterable[Case], current: Policy, proposed: Policy) -> WhatIf:
    """Decide each case's recorded complaint under both policies and add up the differences."""
    result = WhatIf(currency=proposed.currency)
    for case in cases:
        complaint = case_complaint(case)
        if complaint is None or complaint.category not in proposed.categories:
            result.not_replayable += 1
            continue
        before, after = decide(complaint, current), decide(complaint, proposed)
        cost_before, cost_after = _cost(before, proposed), _cost(after, proposed)
        result.replayed += 1
        result.transitions[(before.outcome, after.outcome)] += 1
        result.cost_before += cost_before
        result.cost_after += cost_after
        if _label(before) != _label(after) or cost_before != cost_after:
            result.changed_by_category[case.category] += 1
            result.changed_by_language[case.language] += 1
            result.changes.append(Change(case=case.reference, language=case.language, category=case.category,
                                         before=_label(before),
                                         after=_label(after), cost_before=cost_before, cost_after=cost_after))
    return result


def past_cases(session: Session, since: Optional[datetime] = None) -> list[Case]:
    """The bot's cases (imported history left out), oldest first, from `since` on."""
    query = select(Case).where(Case.conversation_id.not_like(f"{IMPORTED}%")).order_by(Case.id)
    if since is not None:
        query = query.where(Case.created_at >= since)
    return list(session.execute(query).scalars())


def report_lines(result: WhatIf) -> list[str]:
    """The replay in plain lines, for the command line."""
    changed = len(result.changes)
    lines = [f"cases replayed: {result.replayed} ({result.not_replayable} without facts to decide on, left out)",
             f"decisions that change: {changed}",
             f"goodwill cost: {result.cost_before} -> {result.cost_after} {result.currency}"]
    lines += [f"  {before} -> {after}: {count}" for (before, after), count in sorted(result.transitions.items())
              if before != after]
    lines += [f"  changed in {name}: {count}" for name, count in sorted(result.changed_by_category.items())]
    lines += [f"  changed in language {name}: {count}" for name, count in sorted(result.changed_by_language.items())]
    lines += [f"{c.case} [{c.language}] {c.category}: {c.before} ({c.cost_before}) -> {c.after} ({c.cost_after})"
              for c in result.changes]
    return lines
