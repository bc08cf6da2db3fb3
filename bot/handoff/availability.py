"""What a customer handed to a person is told about when a person will answer: now, with the
usual wait, or when the office next opens, in the customer's language.

Reads office hours, presence and recent handoffs; the sentences are said by the actions.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Optional
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.complaints.cases import Status
from bot.complaints.decision import Reason
from bot.complaints.facts_text import format_datetime
from bot.handoff.office_hours import OfficeHours
from bot.handoff.presence import available_people
from bot.store.models import Case
from bot.texts import Texts

RECENT_HANDOFFS = 20  # how many recently claimed cases the usual wait is taken from
RECENT_DAYS = 30
_ZONES = frozenset(available_timezones())
_WEEKDAYS = Texts(en="Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
                  es="lunes martes miércoles jueves viernes sábado domingo")


# Recorded with a case handed over while the office is closed (detail: the next opening, ISO).
OUTSIDE_OFFICE_HOURS = "outside_office_hours"


@dataclass(frozen=True)
class Availability:
    """`open`: the office is open (always, without office hours); `people`: how many are available
    now; `next_opening`: local time, when closed; `wait`: the usual wait, when it is known."""

    open: bool
    people: int
    next_opening: Optional[datetime] = None
    wait: Optional[timedelta] = None


def usual_wait(session: Session, now: datetime, people: int) -> Optional[timedelta]:
    """How long a handed-off customer waits now: the median time recent handoffs waited to be
    claimed, times the rounds of the queue ahead per available person; None without history."""
    waits = [claimed - handed for handed, claimed in session.execute(
        select(Case.handed_off_at, Case.claimed_at).where(Case.claimed_at.is_not(None),
                                                          Case.handed_off_at.is_not(None),
                                                          Case.claimed_at >= now - timedelta(days=RECENT_DAYS))
        .order_by(Case.claimed_at.desc()).limit(RECENT_HANDOFFS))]
    if not waits:
        return None
    ahead = session.execute(select(func.count()).select_from(Case).where(Case.status == Status.QUEUED)).scalar_one()
    rounds = 1 + ahead // max(people, 1)
    return median(waits) * rounds


def availability(session: Session, hours: Optional[OfficeHours], now: Optional[datetime] = None) -> Availability:
    """Who can answer a handoff made at `now` (UTC), and when."""
    now = now or datetime.utcnow()
    if hours is not None and not hours.is_open(now):
        return Availability(False, 0, hours.next_opening(now))
    people = len(available_people(session, now))
    return Availability(True, people, wait=usual_wait(session, now, people) if people else None)


def _minutes(wait: timedelta) -> int:
    return max(1, round(wait.total_seconds() / 60))


def waiting_text(found: Availability, language: str) -> str:
    """The sentence after "a colleague will continue right here", while the office is open."""
    if not found.people:
        return Texts(en="Everyone is busy at the moment; a colleague will answer here as soon as one is free.",
                     es="Ahora mismo todos están ocupados; un compañero te responderá aquí en cuanto quede libre."
                     ).of(language)
    if found.wait is None:
        return Texts(en="A colleague is available now.", es="Hay un compañero disponible ahora mismo.").of(language)
    minutes = _minutes(found.wait)
    if minutes == 1:
        return Texts(en="The wait is usually about a minute.", es="La espera suele ser de un minuto.").of(language)
    return Texts(en=f"The wait is usually about {minutes} minutes.",
                 es=f"La espera suele ser de unos {minutes} minutos.").of(language)


def customer_zone(name: object) -> Optional[ZoneInfo]:
    """The time zone a widget reported (an IANA name, e.g. "Europe/London"); None for anything else."""
    if not isinstance(name, str) or len(name) > 64 or name not in _ZONES:
        return None
    return ZoneInfo(name)


def opening_text(opening: datetime, language: str) -> str:
    """'Thursday 3 December at 09:00 (Madrid time)' / 'el jueves 3 de diciembre a las 09:00 (hora de Madrid)'."""
    weekday = _WEEKDAYS.of(language).split()[opening.weekday()]
    place = str(opening.tzinfo).rsplit("/", 1)[-1].replace("_", " ")
    when = format_datetime(opening.replace(tzinfo=None), language)
    if language == "es":
        return f"el {weekday} {when} (hora de {place})"
    return f"{weekday} {when} ({place} time)"


@dataclass(frozen=True)
class HandoffReply:
    """What to tell the customer (`response`, a domain response, with `values`), and the reason to
    record with the case when nobody is at work."""

    response: str
    values: dict[str, str]
    reason: Optional[Reason] = None
    person_now: bool = False  # someone is available to answer in the chat now


def handoff_reply(session: Session, hours: Optional[OfficeHours], language: str,
                  now: Optional[datetime] = None, zone: Optional[ZoneInfo] = None) -> HandoffReply:
    """The handoff's words: a colleague here now (with the usual wait, or that everyone is busy), or,
    outside office hours, when the office opens: in the customer's time `zone` when the widget
    reported one, else the office's."""
    found = availability(session, hours, now)
    if found.open:
        return HandoffReply("utter_handoff", {"waiting": waiting_text(found, language)}, person_now=found.people > 0)
    if found.next_opening is None:  # no opening within a year: a mistake in the policy, not a promise
        return HandoffReply("utter_handoff", {"waiting": waiting_text(Availability(True, 0), language)})
    shown = found.next_opening.astimezone(zone) if zone is not None else found.next_opening
    return HandoffReply("utter_handoff_after_hours", {"opening": opening_text(shown, language)},
                        Reason(OUTSIDE_OFFICE_HOURS, found.next_opening.isoformat()))
