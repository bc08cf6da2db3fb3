"""The figures page's numbers: conversations per day, outcome mix, handoff rate and goodwill cost
per week, each split by language and by category.

Aggregation only; drawing is in `charts`. Goodwill is converted to the policy currency with the
policy's rates (a currency without a rate is left out and counted in `unconverted`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.complaints.cases import IMPORTED, is_current_case
from bot.complaints.policy import Policy
from bot.store.models import Case, ConversationSummary, GoodwillGrant

UNKNOWN = "unknown"


@dataclass(frozen=True, kw_only=True)
class Figures:
    days: list[str]
    conversations_per_day: dict[str, list[int]]  # language -> count per day
    outcomes_by_language: dict[str, Counter]  # language -> outcome -> cases
    outcomes_by_category: dict[str, Counter]
    handoff_rate_by_language: dict[str, float]
    handoff_rate_by_category: dict[str, float]
    handoff_rate: float
    weeks: list[str]
    goodwill_per_week_by_language: dict[str, list[Decimal]]
    goodwill_per_week_by_category: dict[str, list[Decimal]]
    goodwill_total: Decimal
    currency: str
    unconverted: int


def _day(value: object) -> str:
    return value.isoformat()[:10] if isinstance(value, (date, datetime)) else str(value)[:10]


def _rate(counter: Counter) -> float:
    total = sum(counter.values())
    return counter["handoff"] / total if total else 0.0


def figures(session: Session, policy: Policy, start: date, end: date) -> Figures:
    """Figures for conversations and cases that started between `start` and `end` (inclusive)."""
    since, until = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    days = [(start + timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]
    language = func.coalesce(Case.language, ConversationSummary.language, UNKNOWN)
    per_day: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    day_index = {day: n for n, day in enumerate(days)}
    rows = session.execute(
        select(func.date(ConversationSummary.started_at), language, func.count())
        .outerjoin(Case, is_current_case(ConversationSummary.conversation_id))
        .where(ConversationSummary.started_at >= since, ConversationSummary.started_at < until)
        .group_by(func.date(ConversationSummary.started_at), language))
    for day, lang, count in rows:
        if _day(day) in day_index:
            per_day[lang][day_index[_day(day)]] += count

    by_language: dict[str, Counter] = defaultdict(Counter)
    by_category: dict[str, Counter] = defaultdict(Counter)
    outcome = func.coalesce(Case.outcome, "open")
    for lang, category, result, count in session.execute(
            select(Case.language, func.coalesce(Case.category, UNKNOWN), outcome, func.count())
            .where(Case.created_at >= since, Case.created_at < until, Case.conversation_id.not_like(f"{IMPORTED}%"))
            .group_by(Case.language, func.coalesce(Case.category, UNKNOWN), outcome)):
        by_language[lang][result] += count
        by_category[category][result] += count

    week_start = start - timedelta(days=start.weekday())
    weeks = [(week_start + timedelta(weeks=n)).isoformat() for n in range((end - week_start).days // 7 + 1)]
    cost_language: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0")] * len(weeks))
    cost_category: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0")] * len(weeks))
    unconverted = 0
    for granted_at, amount, currency, lang, category in session.execute(
            select(GoodwillGrant.granted_at, GoodwillGrant.amount, GoodwillGrant.currency, Case.language,
                   func.coalesce(Case.category, UNKNOWN))
            .join(Case, Case.id == GoodwillGrant.case_id)
            .where(GoodwillGrant.granted_at >= since, GoodwillGrant.granted_at < until)):
        rate = policy.rates.get(currency)
        if rate is None:
            unconverted += 1
            continue
        week = (granted_at.date() - week_start).days // 7
        value = (Decimal(amount) * rate).quantize(Decimal("0.01"))
        cost_language[lang][week] += value
        cost_category[category][week] += value

    total: Counter[str] = Counter()
    for counter in by_language.values():
        total.update(counter)
    return Figures(
        days=days, conversations_per_day=dict(per_day), outcomes_by_language=dict(by_language),
        outcomes_by_category=dict(by_category),
        handoff_rate_by_language={k: _rate(v) for k, v in by_language.items()},
        handoff_rate_by_category={k: _rate(v) for k, v in by_category.items()}, handoff_rate=_rate(total),
        weeks=weeks, goodwill_per_week_by_language=dict(cost_language),
        goodwill_per_week_by_category=dict(cost_category),
        goodwill_total=sum((sum(v, Decimal("0")) for v in cost_language.values()), Decimal("0")),
        currency=policy.currency, unconverted=unconverted)
