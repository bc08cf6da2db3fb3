from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from bot.console.conversation_query import Filters, all_rows, find_page
from bot.store import session_scope
from bot.store.models import Case, ConversationSummary, Order

START = datetime(2026, 11, 1, 9, 0)


@pytest.fixture
def conversations(demo_store):
    """30 conversations, one a minute; every third has a case, alternating languages and outcomes."""
    with session_scope(demo_store) as session:
        order = session.query(Order).filter_by(reference="ORD-10001").one()
        for n in range(30):
            at = START + timedelta(minutes=n)
            session.add(ConversationSummary(conversation_id=f"c{n:02d}", started_at=at, last_at=at,
                                            language="es" if n % 2 else "en", user_turns=n, bot_turns=n,
                                            paused=False, search_text=f"message number {n} about a parcel"))
            if n % 3 == 0:
                session.add(Case(conversation_id=f"c{n:02d}", language="es" if n % 2 else "en",
                                 category="delivery" if n < 15 else "billing",
                                 outcome=("goodwill", "explained", "handoff")[n % 9 // 3],
                                 amount=Decimal(n), currency="EUR", order_id=order.id if n == 0 else None,
                                 handed_off_at=at if n % 9 // 3 == 2 else None, evidence=[], reasons=[],
                                 created_at=at))
    return demo_store


def ids(page) -> list[str]:
    return [row.conversation.conversation_id for row in page.rows]


def test_newest_first_with_total(conversations):
    with session_scope(conversations) as session:
        page = find_page(session, Filters(), per_page=5)
    assert ids(page) == ["c29", "c28", "c27", "c26", "c25"] and page.total == 30
    assert page.newer is None and page.older


def test_keyset_pages_cover_everything_once_and_go_back(conversations):
    seen, cursor = [], None
    with session_scope(conversations) as session:
        while True:
            page = find_page(session, Filters(), older_than=cursor, per_page=7)
            seen += ids(page)
            if not page.older:
                break
            second, cursor = page, page.older
        back = find_page(session, Filters(), newer_than=second.newer, per_page=7)
    assert seen == [f"c{n:02d}" for n in range(29, -1, -1)]
    assert ids(back)[-1] == f"c{int(ids(second)[0][1:]) + 1:02d}"


@pytest.mark.parametrize("filters, expected", [
    (Filters(language="es"), 15),
    (Filters(category="billing"), 5),
    (Filters(outcome="handoff"), 3),
    (Filters(outcome="none"), 20),
    (Filters(handed_off=True), 3),
    (Filters(handed_off=False), 27),
    (Filters(min_goodwill=Decimal("12"), max_goodwill=Decimal("21")), 4),
    (Filters(q="number 17 about"), 1),
    (Filters(q="PARCEL"), 30),
    (Filters(q="C-000001"), 0),
    (Filters(q="ORD-10001"), 1),
    (Filters(q="100%_"), 0),
    (Filters(date_from=date(2026, 11, 1), date_to=date(2026, 11, 1)), 30),
    (Filters(date_from=date(2026, 11, 2)), 0),
])
def test_filters(conversations, filters, expected):
    with session_scope(conversations) as session:
        assert find_page(session, filters).total == expected


def test_case_reference_search(conversations):
    with session_scope(conversations) as session:
        case = session.query(Case).filter_by(conversation_id="c09").one()
        page = find_page(session, Filters(q=case.reference))
    assert ids(page) == ["c09"]


def test_filters_round_trip_through_the_query_string():
    filters = Filters.from_args({"language": "es", "handed_off": "yes", "min_goodwill": "5", "q": " late ",
                                 "date_from": "2026-11-01", "outcome": "bogus", "max_goodwill": "x"})
    assert filters == Filters(language="es", handed_off=True, min_goodwill=Decimal("5"), q="late",
                              date_from=date(2026, 11, 1))
    assert Filters.from_args(filters.as_args()) == filters


def test_all_rows_streams_in_batches(conversations):
    with session_scope(conversations) as session:
        batches = list(all_rows(session, Filters(language="en"), batch=4))
    assert [len(b) for b in batches] == [4, 4, 4, 3]


def test_a_conversation_with_two_cases_is_listed_once_with_its_newest(conversations):
    with session_scope(conversations) as session:
        first = session.query(Case).filter_by(conversation_id="c03").one()
        session.add(Case(conversation_id="c03", language="es", category="billing", outcome="handoff",
                         evidence=[], reasons=[], created_at=START))
        session.flush()
        page = find_page(session, Filters(), per_page=50)
        rows = {row.conversation.conversation_id: row.case for row in page.rows}
        found = find_page(session, Filters(q=first.reference), per_page=50)
    assert page.total == 30 and len(page.rows) == 30
    assert rows["c03"].category == "billing"
    assert ids(found) == ["c03"]  # the earlier case still finds its conversation
