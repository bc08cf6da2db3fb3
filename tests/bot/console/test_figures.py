from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from bot.console.charts import bar_chart
from bot.console.figures import figures
from bot.store import session_scope
from bot.store.models import Case, ConversationSummary, GoodwillGrant, Order


def test_figures_split_by_language_and_category(demo_store, policy):
    with session_scope(demo_store) as session:
        order = session.execute(select(Order).where(Order.reference == "ORD-10001")).scalar_one()
        rows = [("a", "en", "delivery", "goodwill", datetime(2026, 11, 2, 10)),
                ("b", "en", "damaged", "handoff", datetime(2026, 11, 2, 11)),
                ("c", "es", "delivery", "handoff", datetime(2026, 11, 10, 9)),
                ("d", "es", "delivery", "explained", datetime(2026, 11, 10, 9))]
        for cid, lang, category, outcome, at in rows:
            session.add(ConversationSummary(conversation_id=cid, started_at=at, last_at=at, language=lang,
                                            user_turns=3, bot_turns=3, paused=False, search_text=""))
            case = Case(conversation_id=cid, language=lang, category=category, outcome=outcome, created_at=at,
                        evidence=[], reasons=[], handed_off_at=at if outcome == "handoff" else None)
            session.add(case)
            session.flush()
            if outcome == "goodwill":
                session.add(GoodwillGrant(customer_id=order.customer_id, case_id=case.id, remedy="refund",
                                          amount=Decimal("10"), currency="GBP", granted_at=at))
        session.add(ConversationSummary(conversation_id="e", started_at=datetime(2026, 11, 2, 12),
                                        last_at=datetime(2026, 11, 2, 12), language="es", user_turns=1,
                                        bot_turns=1, paused=False, search_text=""))
    with session_scope(demo_store) as session:
        data = figures(session, policy, date(2026, 11, 1), date(2026, 11, 14))
    assert data.days[0] == "2026-11-01" and len(data.days) == 14
    assert data.conversations_per_day["en"][1] == 2 and data.conversations_per_day["es"][1] == 1
    assert data.conversations_per_day["es"][9] == 2
    assert data.outcomes_by_language["es"] == {"handoff": 1, "explained": 1}
    assert data.handoff_rate == 0.5 and data.handoff_rate_by_category["damaged"] == 1.0
    assert round(data.handoff_rate_by_category["delivery"], 3) == 0.333
    assert data.weeks == ["2026-10-26", "2026-11-02", "2026-11-09"]
    assert data.goodwill_per_week_by_language["en"] == [0, Decimal("11.50"), 0]  # 10 GBP at 1.15
    assert data.goodwill_total == Decimal("11.50") and data.currency == "EUR"


def test_bar_chart_geometry():
    chart = bar_chart("t", ["mon", "tue"], {"en": [2, 0], "es": [2, 4]})
    tallest = max(bar.height for bar in chart.bars)
    assert len(chart.bars) == 3 and chart.legend == [("en", "#2563eb"), ("es", "#f97316")]
    stacked_monday = [bar for bar in chart.bars if bar.label.startswith("mon")]
    assert sum(bar.height for bar in stacked_monday) == tallest  # 2 + 2 stacked equals 4
    assert chart.y_ticks[-1][1] == "4"
    side_by_side = bar_chart("t", ["mon"], {"en": [1], "es": [3]}, stacked=False)
    assert side_by_side.bars[0].x < side_by_side.bars[1].x and side_by_side.bars[0].y > side_by_side.bars[1].y
