"""Time to a person's first reply, for handoffs in and out of office hours, worked out by hand; on
SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import date, timedelta

from bot.handoff.office_hours import parse_office_hours
from bot.handoff.reply_times import IN_HOURS, OUT_OF_HOURS, ReplyTimes, first_reply_times
from bot.store import session_scope
from bot.store.models import Case
from tests.bot.handoff.test_availability import DAY, NIGHT
from tests.bot.handoff.test_office_hours import MADRID


def handoff(session, handed_off_at, waited=None, promised=False, conversation="c"):
    session.add(Case(conversation_id=conversation, status="queued", outcome="handoff", handed_off_at=handed_off_at,
                     first_reply_at=handed_off_at + waited if waited else None,
                     email_promised_at=handed_off_at if promised else None, evidence=[], reasons=[]))


def test_first_replies_in_and_out_of_office_hours(store):
    with session_scope(store) as session:
        handoff(session, DAY, timedelta(minutes=10))
        handoff(session, DAY, timedelta(minutes=20))
        handoff(session, DAY + timedelta(minutes=3), timedelta(minutes=40))
        handoff(session, NIGHT, timedelta(hours=7), promised=True)
        handoff(session, NIGHT, promised=True)  # nobody has answered yet
        handoff(session, NIGHT, timedelta(hours=1), conversation="import:42")  # the company's history: left out
        handoff(session, DAY - timedelta(days=40), timedelta(minutes=1))  # before the range
    with session_scope(store) as session:
        times = first_reply_times(session, parse_office_hours(MADRID), date(2026, 11, 30), date(2026, 12, 6))
        always_open = first_reply_times(session, None, date(2026, 11, 30), date(2026, 12, 6))
    assert times == {
        IN_HOURS: ReplyTimes(3, 3, timedelta(minutes=20), timedelta(minutes=40), 0),
        OUT_OF_HOURS: ReplyTimes(2, 1, timedelta(hours=7), timedelta(hours=7), 2),
    }
    assert always_open[IN_HOURS].handoffs == 5 and always_open[OUT_OF_HOURS] == ReplyTimes(0, 0, None, None, 0)
