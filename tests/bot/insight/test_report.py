"""The monthly insight report on a seeded history decided as the bot decides: its numbers checked
against the cases table, its files self-contained and escaped, and the command's refusals."""
from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select, update

from bot.complaints.cases import IMPORTED, conversation_case
from bot.complaints.complaint import answer_offer
from bot.insight.report import insight_report, month_end, parse_month
from bot.insight.report_file import latest_report, write_report
from bot.settings import PROJECT_ROOT
from bot.store import session_scope
from bot.store.models import Case, GoodwillGrant
from tests.bot.insight.test_whatif import HISTORY, seed

NOVEMBER = date(2026, 11, 1)


@pytest.fixture
def history(demo_store, policy):
    """The what-if history moved into November, the first goodwill offer accepted there, one
    case moved into October (outside the month), and a category name a browser must not run."""
    references = seed(demo_store, policy)
    with session_scope(demo_store) as session:
        session.execute(update(Case).where(Case.conversation_id.like("whatif-%"))
                        .values(created_at=datetime(2026, 11, 10, 9, 0)).execution_options(synchronize_session="fetch"))
        answer_offer(session, policy, conversation_id="whatif-0", case_reference=references["ORD-10001"],
                     language="en", accepted=True, now=datetime(2026, 11, 12, 9, 0))
        conversation_case(session, "whatif-4").created_at = datetime(2026, 10, 31, 23, 0)
        conversation_case(session, "whatif-person").category = "<script>x</script>"
    return demo_store


def test_months_are_read_strictly():
    assert parse_month("2026-11") == NOVEMBER and month_end(NOVEMBER) == date(2026, 11, 30)
    assert month_end(date(2026, 12, 1)) == date(2026, 12, 31)
    for wrong in ("2026-13", "2026-1", "11-2026", "2026-11-01", ""):
        with pytest.raises(ValueError):
            parse_month(wrong)


def test_the_numbers_agree_with_the_cases_table(history, policy):
    with session_scope(history) as session:
        report = insight_report(session, policy, NOVEMBER)
        in_month = [c for c in session.execute(select(Case)).scalars()
                    if c.created_at.month == 11 and not c.conversation_id.startswith(IMPORTED)]
        grants = list(session.execute(select(GoodwillGrant).where(GoodwillGrant.case_id.is_not(None))).scalars())
        carriers = Counter(c.order.shipments[-1].carrier if c.order and c.order.shipments else "unknown"
                           for c in in_month)
    assert report.complaints == len(in_month) == len(HISTORY)  # six cases, one moved out, one handoff added
    assert report.by_category == Counter(c.category for c in in_month)
    assert report.by_language == Counter(c.language for c in in_month)
    assert report.outcomes == Counter(c.outcome for c in in_month)
    assert report.by_carrier == carriers and sum(report.by_carrier.values()) == report.complaints
    week = report.weeks.index("2026-11-09")
    assert sum(counts[week] for counts in report.by_week_and_category.values()) == report.complaints
    assert report.weeks[0] == "2026-10-26" and report.weeks[-1] == "2026-11-30"
    # the accepted offer and the gestures given with explanations, in EUR at the policy's rates
    expected = sum((g.amount * policy.rates[g.currency]).quantize(Decimal("0.01")) for g in grants
                   if g.granted_at.month == 11)
    assert len(grants) == 3 and report.goodwill_total == expected == sum(report.goodwill_by_cause.values())
    assert set(report.goodwill_by_cause) == {"delivery · refund", "delivery · voucher"}
    assert report.handoff_reasons["customer_asked_for_a_person"] == 1
    proof = [e for e in report.evidence if e.fact == "certified_proof_of_delivery"]
    assert [(e.verdict, e.carrier, e.cases) for e in proof] == [("contradicts", "Correos Express", 1),
                                                                ("contradicts", "Royal Mail", 1)]


def test_the_files_are_self_contained_escaped_and_agree(history, policy, tmp_path):
    with session_scope(history) as session:
        report = insight_report(session, policy, NOVEMBER)
    html_path, csv_path = write_report(report, tmp_path)
    html = html_path.read_text()
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html, "nothing is fetched"
    assert html.count('<img src="data:image/png;base64,') == 4
    assert f'<strong id="complaints">{report.complaints}</strong>' in html
    rows = list(csv.reader(csv_path.open()))
    assert rows[1] == ["month", "2026-11", str(report.complaints)]
    assert ["goodwill_EUR", "total", str(report.goodwill_total)] in rows
    assert latest_report(tmp_path) == html_path


def test_an_empty_month_is_a_report_without_charts(demo_store, policy, tmp_path):
    with session_scope(demo_store) as session:
        report = insight_report(session, policy, date(2025, 1, 1))
    html = write_report(report, tmp_path)[0].read_text()
    assert report.complaints == 0 and "<img" not in html and report.goodwill_total == Decimal("0.00")


def test_the_command_writes_both_files_and_refuses_a_bad_month(tmp_path):
    env = {"BOT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    assert cli("migrate").returncode == 0
    ran = cli("report", "--month", "2026-11")
    assert ran.returncode == 0, ran.stderr
    assert (tmp_path / "reports" / "report-2026-11.html").exists()
    assert (tmp_path / "reports" / "report-2026-11.csv").exists()
    bad = cli("report", "--month", "../../etc")
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr


def test_the_product_and_satisfaction_figures_agree_with_the_cases_table(history, policy):
    """Each case counts once per product on its order ("unknown" without one); ratings asked in the
    month count by outcome and resolver, and only those given count in the mean and CSAT."""
    with session_scope(history) as session:
        in_month = [c for c in session.execute(select(Case).order_by(Case.id)).scalars()
                    if c.created_at.month == 11 and not c.conversation_id.startswith(IMPORTED)]
        for case, rating in zip(in_month[:4], (5, 4, 2, None), strict=True):
            case.csat_asked_at, case.csat_rating = datetime(2026, 11, 20, 10, 0), rating
            case.csat_resolved_by = "agent" if case.agent else "bot"
        products = Counter()
        for case in in_month:
            products.update({item.product.name for item in case.order.items} if case.order else {"unknown"})
        asked = in_month[:4]
        report = insight_report(session, policy, NOVEMBER)
    assert report.by_product == products and sum(products.values()) >= report.complaints
    figures = report.satisfaction
    assert (figures.overall.asked, sorted(figures.overall.ratings)) == (4, [2, 4, 5])
    assert figures.overall.mean == pytest.approx(11 / 3) and figures.overall.csat == pytest.approx(2 / 3)
    assert figures.overall.response_rate == pytest.approx(3 / 4)
    assert {outcome: r.asked for outcome, r in figures.by_outcome.items()} == Counter(c.outcome for c in asked)
    assert sum(r.asked for r in figures.by_resolver.values()) == 4
    assert figures.decided == sum(1 for c in in_month if c.outcome) and 0 <= figures.resolved_by_bot <= figures.decided
