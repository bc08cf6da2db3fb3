"""How long handed-off customers wait for a person's first reply, for handoffs made while the office
was open and while it was closed (policy.yml `office_hours`; without them, always open).

Aggregation only; the figures page shows it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.complaints.cases import IMPORTED
from bot.handoff.office_hours import OfficeHours
from bot.store.models import Case

IN_HOURS, OUT_OF_HOURS = "in office hours", "out of office hours"


@dataclass(frozen=True)
class ReplyTimes:
    """Handoffs in a group, how many a person has answered, and the median and slowest wait for it;
    `promised_email`: how many customers were told the answer would come by email."""

    handoffs: int
    answered: int
    median: Optional[timedelta]
    slowest: Optional[timedelta]
    promised_email: int


def first_reply_times(session: Session, hours: Optional[OfficeHours], start: date, end: date) -> dict[str, ReplyTimes]:
    """Per group (IN_HOURS, OUT_OF_HOURS), the handoffs made between `start` and `end` (inclusive)."""
    since, until = datetime.combine(start, time.min), datetime.combine(end + timedelta(days=1), time.min)
    groups: dict[str, list[tuple[Optional[timedelta], bool]]] = {IN_HOURS: [], OUT_OF_HOURS: []}
    for handed_off_at, first_reply_at, promised in session.execute(
            select(Case.handed_off_at, Case.first_reply_at, Case.email_promised_at)
            .where(Case.handed_off_at >= since, Case.handed_off_at < until,
                   Case.conversation_id.not_like(f"{IMPORTED}%"))):
        group = IN_HOURS if hours is None or hours.is_open(handed_off_at) else OUT_OF_HOURS
        wait = first_reply_at - handed_off_at if first_reply_at else None
        groups[group].append((wait, promised is not None))
    return {name: _times(rows) for name, rows in groups.items()}


def _median(waits: list[timedelta]) -> timedelta:
    """`statistics.median` for durations (typeshed's median takes numbers only)."""
    ordered, middle = sorted(waits), len(waits) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _times(rows: list[tuple[Optional[timedelta], bool]]) -> ReplyTimes:
    waits = [wait for wait, _ in rows if wait is not None]
    return ReplyTimes(len(rows), len(waits), _median(waits) if waits else None, max(waits) if waits else None,
                      sum(promised for _, promised in rows))
