"""Office hours read strictly from the policy, and the next opening found across nights,
weekends, holidays and a change of daylight saving time."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.complaints.policy_values import PolicyError
from bot.handoff.office_hours import parse_office_hours

MADRID = {"time_zone": "Europe/Madrid",
          "hours": {"mon": ["09:00-14:00", "15:00-18:00"], "tue": "09:00-18:00", "wed": "09:00-18:00",
                    "thu": "09:00-18:00", "fri": "09:00-15:00"},
          "holidays": ["2026-12-25", date(2027, 1, 1)]}


@pytest.fixture
def hours():
    return parse_office_hours(MADRID)


@pytest.mark.parametrize("utc, open_", [
    (datetime(2026, 12, 2, 9, 0), True),  # Wednesday 10:00 in Madrid (UTC+1)
    (datetime(2026, 12, 2, 2, 0), False),  # Wednesday 03:00
    (datetime(2026, 11, 30, 13, 30), False),  # Monday 14:30: the lunch break
    (datetime(2026, 12, 5, 10, 0), False),  # Saturday
    (datetime(2026, 12, 25, 10, 0), False),  # Christmas, a Friday
])
def test_open_or_not(hours, utc, open_):
    assert hours.is_open(utc) is open_


@pytest.mark.parametrize("utc, local", [
    (datetime(2026, 12, 2, 2, 0), datetime(2026, 12, 2, 9, 0)),  # 03:00 on a weekday: 09:00 that day
    (datetime(2026, 12, 2, 9, 0), datetime(2026, 12, 2, 10, 0)),  # open now: now
    (datetime(2026, 11, 30, 13, 30), datetime(2026, 11, 30, 15, 0)),  # after lunch
    (datetime(2026, 12, 4, 17, 0), datetime(2026, 12, 7, 9, 0)),  # Friday evening: Monday
    (datetime(2026, 12, 24, 20, 0), datetime(2026, 12, 28, 9, 0)),  # Christmas Eve: past the holiday and weekend
    (datetime(2027, 3, 27, 12, 0), datetime(2027, 3, 29, 9, 0)),  # across the change to summer time
])
def test_the_next_opening_in_local_time(hours, utc, local):
    opening = hours.next_opening(utc)
    assert opening.replace(tzinfo=None) == local and str(opening.tzinfo) == "Europe/Madrid"
    assert hours.is_open(opening.astimezone(timezone.utc).replace(tzinfo=None))


def test_no_section_means_always_staffed():
    assert parse_office_hours(None) is None


@pytest.mark.parametrize("change, message", [
    ({"time_zone": "Mars/Olympus"}, "office_hours.time_zone"),
    ({"hours": {"mon": "9-5"}}, "office_hours.hours.mon: write opening hours as HH:MM-HH:MM"),
    ({"hours": {"mon": "18:00-09:00"}}, "closes before it opens"),
    ({"hours": {"monday": "09:00-18:00"}}, "unknown day monday"),
    ({"hours": {}}, "no day has opening hours"),
    ({"holidays": ["25/12/2026"]}, "office_hours.holidays"),
])
def test_a_bad_section_is_refused_with_its_key(change, message):
    with pytest.raises(PolicyError, match=message):
        parse_office_hours({**MADRID, **change})
