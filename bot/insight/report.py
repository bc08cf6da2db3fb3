"""The monthly insight report's numbers, for product, logistics and finance: what customers
complained about (by category, product, carrier, language and week), what the evidence showed,
what goodwill cost and why, satisfaction, and why cases went to a person.

Aggregation over the cases table only; bot/insight/report_file.py writes it as HTML and CSV.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.complaints.cases import IMPORTED, case_findings, case_reasons
from bot.complaints.policy import Policy
from bot.insight.satisfaction_figures import SatisfactionFigures, satisfaction_figures
from bot.store.models import Case, GoodwillGrant

UNKNOWN = "unknown"
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def parse_month(text: str) -> date:
    """The first day of "2026-11"; ValueError for anything else."""
    match = MONTH.fullmatch((text or "").strip())
    if match is None:
        raise ValueError(f"a month is written YYYY-MM, not {text[:20]!r}")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_end(first: date) -> date:
    """The month's last day."""
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class EvidenceOutcome:
    """What one kind of evidence showed, how often: "Royal Mail's certified proof of delivery
    contradicted the customer 3 times"."""

    check: str
    fact: str
    verdict: str
    carrier: str
    cases: int


@dataclass(frozen=True, kw_only=True)
class InsightReport:
    month: str
    start: date
    end: date
    currency: str
    complaints: int
    weeks: list[str]  # each week's Monday within the month, ISO
    by_category: Counter
    by_language: Counter
    by_product: Counter
    by_carrier: Counter
    by_week_and_category: dict[str, list[int]]  # category -> complaints per week
    outcomes: Counter
    evidence: list[EvidenceOutcome]  # most frequent first
    goodwill_by_cause: dict[str, Decimal]  # "category · remedy" -> cost in the policy currency
    goodwill_total: Decimal
    goodwill_unconverted: int  # grants in a currency the policy has no rate for
    handoff_reasons: Counter
    satisfaction: SatisfactionFigures


def _week(day: date) -> str:
    return (day - timedelta(days=day.weekday())).isoformat()


def _carrier(case: Case) -> str:
    shipments = case.order.shipments if case.order is not None else []
    return shipments[-1].carrier if shipments else UNKNOWN


def insight_report(session: Session, policy: Policy, month: date) -> InsightReport:
    """The report for the calendar month starting on `month` (UTC); imported history is left out."""
    start, end = month, month_end(month)
    since, until = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    cases = list(session.execute(select(Case).where(Case.conversation_id.not_like(f"{IMPORTED}%"),
                                                    Case.created_at >= since, Case.created_at < until)
                                 .order_by(Case.id)).scalars())
    weeks = sorted({_week(start + timedelta(days=n)) for n in range((end - start).days + 1)})
    by_week: dict[str, list[int]] = {}
    by_category: Counter[str] = Counter()
    by_language: Counter[str] = Counter()
    by_product: Counter[str] = Counter()
    by_carrier: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    evidence: Counter[tuple[str, str, str, str]] = Counter()
    reasons: Counter[str] = Counter()
    for case in cases:
        category = case.category or UNKNOWN
        by_category[category] += 1
        by_language[case.language or UNKNOWN] += 1
        by_week.setdefault(category, [0] * len(weeks))[weeks.index(_week(case.created_at.date()))] += 1
        outcomes[case.outcome or "open"] += 1
        products = {item.product.name for item in case.order.items} if case.order is not None else set()
        by_product.update(products or {UNKNOWN})
        by_carrier[_carrier(case)] += 1
        for finding in {(f.check, f.fact, f.verdict, str(f.details.get("carrier") or "")) for f in case_findings(case)
                        if f.verdict in ("supports", "contradicts")}:
            evidence[finding] += 1
        if case.outcome == "handoff":
            reasons.update({reason.rule for reason in case_reasons(case)})
    cost: dict[str, Decimal] = defaultdict(Decimal)
    unconverted = 0
    for grant, category in session.execute(
            select(GoodwillGrant, Case.category).join(Case, Case.id == GoodwillGrant.case_id)
            .where(GoodwillGrant.granted_at >= since, GoodwillGrant.granted_at < until,
                   Case.conversation_id.not_like(f"{IMPORTED}%"))):
        rate = policy.rates.get(grant.currency)
        if rate is None:
            unconverted += 1
            continue
        cost[f"{category or UNKNOWN} · {grant.remedy}"] += (Decimal(grant.amount) * rate).quantize(Decimal("0.01"))
    top = [EvidenceOutcome(check, fact, verdict, carrier, count)
           for (check, fact, verdict, carrier), count in sorted(evidence.items(), key=lambda item: (-item[1], item[0]))]
    return InsightReport(
        month=start.strftime("%Y-%m"), start=start, end=end, currency=policy.currency, complaints=len(cases),
        weeks=weeks, by_category=by_category, by_language=by_language, by_product=by_product,
        by_carrier=by_carrier, by_week_and_category=by_week, outcomes=outcomes, evidence=top,
        goodwill_by_cause=dict(sorted(cost.items(), key=lambda item: -item[1])),
        goodwill_total=sum(cost.values(), Decimal("0.00")),
        goodwill_unconverted=unconverted, handoff_reasons=reasons,
        satisfaction=satisfaction_figures(session, start, end))
