"""Satisfaction and resolution figures for the console and the monthly report: CSAT by outcome,
category, language and resolver, and the share of cases the bot resolved on its own.

Aggregation only, over the cases table; the ratings are collected by bot.insight.satisfaction.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.complaints.cases import IMPORTED
from bot.store.models import Case

SATISFIED = (4, 5)  # CSAT: the share of ratings that are 4 or 5
# A case counts as reopened when the same order comes back as a new case within this many days.
REOPEN_DAYS = 7
UNKNOWN = "unknown"


@dataclass
class Ratings:
    """The ratings of one group of cases."""

    asked: int = 0
    ratings: list[int] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return len(self.ratings)

    @property
    def mean(self) -> Optional[float]:
        return sum(self.ratings) / len(self.ratings) if self.ratings else None

    @property
    def csat(self) -> Optional[float]:
        """The share of ratings that are 4 or 5; None with no rating."""
        return sum(r in SATISFIED for r in self.ratings) / len(self.ratings) if self.ratings else None

    @property
    def response_rate(self) -> Optional[float]:
        return self.rated / self.asked if self.asked else None


@dataclass(kw_only=True)
class SatisfactionFigures:
    overall: Ratings = field(default_factory=Ratings)
    by_outcome: dict[str, Ratings] = field(default_factory=lambda: defaultdict(Ratings))
    by_category: dict[str, Ratings] = field(default_factory=lambda: defaultdict(Ratings))
    by_language: dict[str, Ratings] = field(default_factory=lambda: defaultdict(Ratings))
    by_resolver: dict[str, Ratings] = field(default_factory=lambda: defaultdict(Ratings))
    decided: int = 0  # cases with an outcome
    resolved_by_bot: int = 0  # of those: no person involved, not reopened

    @property
    def resolution_rate(self) -> Optional[float]:
        return self.resolved_by_bot / self.decided if self.decided else None


def _period(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)


def is_resolved_by_bot(case: Case, later_cases_of_order: list[Case]) -> bool:
    """Resolved as Intercom counts it: the bot reached the outcome (goodwill or an explanation),
    no person was involved, and the customer did not come back about the same order within
    REOPEN_DAYS (a refused explanation handed to a person counts as involving one)."""
    if case.outcome not in ("goodwill", "explained") or case.handed_off_at is not None or case.agent:
        return False
    window = case.created_at + timedelta(days=REOPEN_DAYS)
    return not any(later.created_at <= window for later in later_cases_of_order)


def satisfaction_figures(session: Session, start: date, end: date) -> SatisfactionFigures:
    """Ratings of the cases asked between `start` and `end` (inclusive), and the resolution rate of
    the cases opened then; the company's imported history is left out."""
    since, until = _period(start, end)
    result = SatisfactionFigures()
    own = Case.conversation_id.not_like(f"{IMPORTED}%")
    for case in session.execute(select(Case).where(own, Case.csat_asked_at >= since, Case.csat_asked_at < until)
                                .order_by(Case.id)).scalars():
        groups = (result.overall, result.by_outcome[case.outcome or UNKNOWN],
                  result.by_category[case.category or UNKNOWN], result.by_language[case.language or UNKNOWN],
                  result.by_resolver[case.csat_resolved_by or UNKNOWN])
        for group in groups:
            group.asked += 1
            if case.csat_rating is not None:
                group.ratings.append(case.csat_rating)
    decided = list(session.execute(select(Case).where(own, Case.outcome.is_not(None), Case.created_at >= since,
                                                      Case.created_at < until).order_by(Case.id)).scalars())
    orders = {case.order_id for case in decided if case.order_id is not None}
    later: dict[int, list[Case]] = defaultdict(list)
    if orders:
        for other in session.execute(select(Case).where(Case.order_id.in_(orders)).order_by(Case.id)).scalars():
            later[other.order_id].append(other)
    for case in decided:
        result.decided += 1
        after = [other for other in later.get(case.order_id, []) if other.id > case.id]
        result.resolved_by_bot += is_resolved_by_bot(case, after)
    return result
