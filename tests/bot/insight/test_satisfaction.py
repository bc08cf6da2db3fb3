"""Ratings read from buttons and typed answers, asked once per case, comments masked; the
satisfaction figures and the resolution rate on a seeded history worked out by hand."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.insight.satisfaction import (
    MAX_COMMENT_CHARS,
    ResolvedBy,
    ask_for_rating,
    parse_rating,
    record_comment,
    record_rating,
)
from bot.insight.satisfaction_figures import is_resolved_by_bot, satisfaction_figures
from bot.store import session_scope
from bot.store.models import Case, Order
from tests.conftest import NOW


@pytest.mark.parametrize("given, rating", [
    ("4", 4), (4, 4), ("4/5", 4), ("4 out of 5", 4), ("four stars", 4), ("un 5", 5), ("le doy un 4 sobre 5", 4),
    ("cinco de cinco", 5), ("three out of five", 3), ("una estrella", 1),
    ("★★★★", 4), ("⭐⭐⭐⭐⭐", 5), ("I would give it a 2", 2),
])
def test_ratings_are_read_from_buttons_and_typed_answers(given, rating):
    assert parse_rating(given) == rating


@pytest.mark.parametrize("given", [
    "10/10", "0", "6", 6, True, None, "4.5", "3, no 4", "ORD-10004", "", "great", "☆☆", "5" * 300,
    {"csat_rating": 5},
])
def test_anything_else_is_no_rating(given):
    assert parse_rating(given) is None


def _case(session, **values) -> Case:
    case = Case(conversation_id=values.pop("conversation_id", "c-1"), evidence=[], reasons=[],
                created_at=values.pop("created_at", NOW), **values)
    session.add(case)
    session.flush()
    return case


def test_a_case_is_asked_once_and_rated_only_once_asked(store):
    with session_scope(store) as session:
        case = _case(session, outcome="goodwill")
        with pytest.raises(ValueError, match="not asked"):
            record_rating(case, 5, NOW)
        assert ask_for_rating(case, ResolvedBy.BOT, NOW) is True
        assert ask_for_rating(case, ResolvedBy.AGENT, NOW) is False
        assert case.csat_resolved_by == "bot"
        with pytest.raises(ValueError):
            record_rating(case, 6, NOW)
        with pytest.raises(ValueError):
            ask_for_rating(_case(session), "someone", NOW)
        record_rating(case, 2, NOW)
        record_rating(case, 3, NOW)
        assert (case.csat_rating, case.csat_rated_at) == (3, NOW)


def test_a_comment_is_masked_cut_to_size_and_only_kept_after_a_rating(store):
    with session_scope(store) as session:
        case = _case(session)
        ask_for_rating(case, ResolvedBy.BOT, NOW)
        assert record_comment(case, "nice") is False and case.csat_comment is None
        record_rating(case, 5, NOW)
        assert record_comment(case, "   ") is False
        assert record_comment(case, "Call me on +34 612 345 678,\n or mail a.b@example.com " + "x" * 2000) is True
        assert "612" not in case.csat_comment and "a.b@example.com" not in case.csat_comment
        assert case.csat_comment.startswith("Call me on ") and len(case.csat_comment) <= MAX_COMMENT_CHARS


def seed_history(session) -> None:
    """Cases in November 2026, with their ratings and who resolved them:

    c-1 goodwill, bot, rated 5          c-2 explained, bot, rated 2
    c-3 handoff closed by agent, rated 4  c-4 goodwill, bot, asked, never rated
    c-5 explained on ORD-10002, reopened two days later as c-6 (handoff, not asked)
    c-7 imported history: left out; c-8 asked in December: outside the period
    """
    order = session.execute(select(Order).where(Order.reference == "ORD-10002")).scalar_one()
    at = datetime(2026, 11, 10, 9, 0)
    for cid, outcome, category, language, resolver, rating in (
            ("c-1", "goodwill", "delivery", "en", "bot", 5), ("c-2", "explained", "delivery", "es", "bot", 2),
            ("c-3", "handoff", "billing", "en", "agent", 4), ("c-4", "goodwill", "billing", "es", "bot", None)):
        _case(session, conversation_id=cid, outcome=outcome, category=category, language=language,
              created_at=at, csat_asked_at=at, csat_resolved_by=resolver, csat_rating=rating,
              handed_off_at=at if outcome == "handoff" else None)
    _case(session, conversation_id="c-5", outcome="explained", category="delivery", order_id=order.id, created_at=at)
    _case(session, conversation_id="c-6", outcome="handoff", category="delivery", order_id=order.id,
          created_at=at + timedelta(days=2), handed_off_at=at + timedelta(days=2))
    _case(session, conversation_id="import:7", outcome="goodwill", created_at=at, csat_asked_at=at, csat_rating=1)
    _case(session, conversation_id="c-8", outcome="goodwill", created_at=datetime(2026, 12, 2),
          csat_asked_at=datetime(2026, 12, 2), csat_rating=1, csat_resolved_by="bot")


def test_figures_by_resolver_outcome_category_and_language(demo_store):
    with session_scope(demo_store) as session:
        seed_history(session)
        figures = satisfaction_figures(session, date(2026, 11, 1), date(2026, 11, 30))
    assert (figures.overall.asked, figures.overall.rated) == (4, 3)
    assert figures.overall.csat == pytest.approx(2 / 3) and figures.overall.mean == pytest.approx(11 / 3)
    assert figures.overall.response_rate == pytest.approx(3 / 4)
    assert (figures.by_resolver["bot"].ratings, figures.by_resolver["agent"].ratings) == ([5, 2], [4])
    assert figures.by_outcome["explained"].csat == 0 and figures.by_outcome["goodwill"].csat == 1
    assert figures.by_category["billing"].asked == 2 and figures.by_category["billing"].ratings == [4]
    assert figures.by_language["es"].ratings == [2] and figures.by_language["es"].csat == 0
    # decided: c-1..c-6 (c-7 imported, c-8 in December); resolved by the bot: c-1, c-2, c-4
    # (c-3 and c-6 had a person, c-5 came back within 7 days)
    assert (figures.decided, figures.resolved_by_bot, figures.resolution_rate) == (6, 3, 0.5)


def test_a_case_that_comes_back_after_the_window_still_counts_as_resolved():
    case = Case(outcome="explained", created_at=NOW)
    assert is_resolved_by_bot(case, [])
    assert not is_resolved_by_bot(case, [Case(created_at=NOW + timedelta(days=7))])
    assert is_resolved_by_bot(case, [Case(created_at=NOW + timedelta(days=8))])
    assert not is_resolved_by_bot(Case(outcome="goodwill", created_at=NOW, handed_off_at=NOW), [])
