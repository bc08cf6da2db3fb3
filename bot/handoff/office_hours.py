"""The company's office hours from the policy file: whether people are at work at a moment, and
when they next are (time zone, opening hours per weekday, holidays).

Reading and asking only; what the customer is told is in bot/handoff/availability.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Mapping, Optional
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.complaints.policy_values import PolicyError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SPAN = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)")
LOOK_AHEAD_DAYS = 400  # far enough for a year of holidays


@dataclass(frozen=True)
class OfficeHours:
    """`hours[weekday]` is a list of (opens, closes) in local time; an empty list is a closed day.
    `None` everywhere (no `office_hours` in the policy) means people are always there."""

    zone: ZoneInfo
    hours: Mapping[int, tuple[tuple[time, time], ...]]
    holidays: frozenset[date]

    def _local(self, moment: datetime) -> datetime:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return aware.astimezone(self.zone)

    def _spans(self, day: date) -> tuple[tuple[time, time], ...]:
        return () if day in self.holidays else self.hours.get(day.weekday(), ())

    def is_open(self, moment: datetime) -> bool:
        """Are people at work at `moment` (naive means UTC)?"""
        local = self._local(moment)
        return any(opens <= local.time() < closes for opens, closes in self._spans(local.date()))

    def next_opening(self, moment: datetime) -> Optional[datetime]:
        """When people are next at work after `moment`, in the office's time zone; `moment` itself
        (as local time) when they are at work now; None when no opening is found within a year."""
        local = self._local(moment)
        if self.is_open(moment):
            return local
        for offset in range(LOOK_AHEAD_DAYS):
            day = local.date() + timedelta(days=offset)
            for opens, _ in self._spans(day):
                start = datetime.combine(day, opens, tzinfo=self.zone)
                if start > local:
                    return start
        return None


def _span(text: object, where: str) -> tuple[time, time]:
    match = _SPAN.fullmatch(str(text).strip())
    if match is None:
        raise PolicyError(f"{where}: write opening hours as HH:MM-HH:MM, not {str(text)[:20]!r}")
    opens = time(int(match.group(1)), int(match.group(2)))
    closes = time.max if match.group(3) == "24" else time(int(match.group(3)), int(match.group(4)))
    if closes <= opens:
        raise PolicyError(f"{where}: {text} closes before it opens")
    return opens, closes


def parse_office_hours(raw: Optional[Mapping]) -> Optional[OfficeHours]:
    """The `office_hours` section (None when there is none: always staffed), naming the first bad key."""
    if raw is None:
        return None
    where = "office_hours"
    try:
        zone = ZoneInfo(str(raw["time_zone"]))
    except (KeyError, ZoneInfoNotFoundError, ValueError) as error:
        raise PolicyError(f"{where}.time_zone: an IANA time zone such as Europe/Madrid is required") from error
    unknown = sorted(set(raw.get("hours") or {}) - set(WEEKDAYS))
    if unknown:
        raise PolicyError(f"{where}.hours: unknown day {unknown[0]} (use {', '.join(WEEKDAYS)})")
    hours = {}
    for number, day in enumerate(WEEKDAYS):
        spans = (raw.get("hours") or {}).get(day) or []
        hours[number] = tuple(_span(span, f"{where}.hours.{day}") for span in
                              (spans if isinstance(spans, list) else [spans]))
    try:
        holidays = frozenset(value if isinstance(value, date) else date.fromisoformat(str(value))
                             for value in raw.get("holidays") or [])
    except ValueError as error:
        raise PolicyError(f"{where}.holidays: dates are written YYYY-MM-DD") from error
    if not any(hours.values()):
        raise PolicyError(f"{where}.hours: no day has opening hours")
    return OfficeHours(zone, hours, holidays)
