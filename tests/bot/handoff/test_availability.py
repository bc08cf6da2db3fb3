"""What a handed-off customer is told about when a person answers, on SQLite and PostgreSQL:
presence that lapses without a heartbeat, the usual wait worked out by hand, and the next
opening in both languages with a frozen clock at night and on a holiday."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.complaints.category_importer import project_domain
from bot.complaints.decision import Reason
from bot.handoff.availability import (
    Availability,
    HandoffReply,
    availability,
    customer_zone,
    handoff_reply,
    opening_text,
    waiting_text,
)
from bot.handoff.office_hours import parse_office_hours
from bot.handoff.presence import PRESENCE_TTL, available_people, heartbeat, set_available
from bot.language import detect
from bot.store import session_scope
from bot.store.models import Case
from tests.bot.handoff.test_office_hours import MADRID
from tests.services import run_async

NIGHT = datetime(2026, 12, 2, 2, 0)  # Wednesday 03:00 in Madrid
CHRISTMAS = datetime(2026, 12, 25, 10, 0)  # a holiday, a Friday
DAY = datetime(2026, 12, 2, 9, 0)  # Wednesday 10:00 in Madrid


def test_presence_lapses_without_a_heartbeat_and_away_is_away(staffed):
    with session_scope(staffed) as session:
        set_available(session, "ana", True, DAY)
        set_available(session, "bea", True, DAY)
        set_available(session, "lena", False, DAY)
    with session_scope(staffed) as session:
        assert available_people(session, DAY) == ["ana", "bea"]
        later = DAY + PRESENCE_TTL + timedelta(seconds=1)
        assert heartbeat(session, "ana", later) is True and heartbeat(session, "lena", later) is False
        assert heartbeat(session, "nobody", later) is False
        assert available_people(session, later) == ["ana"], "bea's page stopped renewing"


def test_the_usual_wait_from_recent_handoffs_and_the_queue_ahead(staffed):
    with session_scope(staffed) as session:
        set_available(session, "ana", True, DAY)
        for n, minutes in enumerate((4, 6, 10)):
            handed = DAY - timedelta(hours=n + 1)
            session.add(Case(conversation_id=f"done-{n}", status="closed", evidence=[], reasons=[],
                             handed_off_at=handed, claimed_at=handed + timedelta(minutes=minutes)))
        for n in range(2):
            session.add(Case(conversation_id=f"waiting-{n}", status="queued", evidence=[], reasons=[],
                             handed_off_at=DAY))
    with session_scope(staffed) as session:
        found = availability(session, None, DAY)
    # median 6 minutes; two customers ahead for one person: the third round
    assert found == Availability(True, 1, wait=timedelta(minutes=18))
    assert waiting_text(found, "en") == "The wait is usually about 18 minutes."
    assert waiting_text(found, "es") == "La espera suele ser de unos 18 minutos."


def test_open_with_nobody_available_or_no_history(staffed):
    with session_scope(staffed) as session:
        nobody = availability(session, parse_office_hours(MADRID), DAY)
        set_available(session, "ana", True, DAY)
        someone = availability(session, parse_office_hours(MADRID), DAY)
    assert nobody == Availability(True, 0)
    assert waiting_text(nobody, "es").startswith("Ahora mismo todos están ocupados")
    assert someone == Availability(True, 1)
    assert waiting_text(someone, "en") == "A colleague is available now."


@pytest.mark.parametrize("now, en, es", [
    (NIGHT, "Wednesday 2 December at 09:00 (Madrid time)", "el miércoles 2 de diciembre a las 09:00 (hora de Madrid)"),
    (CHRISTMAS, "Monday 28 December at 09:00 (Madrid time)", "el lunes 28 de diciembre a las 09:00 (hora de Madrid)"),
])
def test_closed_names_the_next_opening_in_both_languages(staffed, now, en, es):
    with session_scope(staffed) as session:
        set_available(session, "ana", True, now)  # someone signed in at night changes nothing
        found = availability(session, parse_office_hours(MADRID), now)
    assert not found.open and found.people == 0
    assert (opening_text(found.next_opening, "en"), opening_text(found.next_opening, "es")) == (en, es)


def said(reply: HandoffReply, language: str) -> str:
    """The reply as the customer reads it: the domain's words for the language, filled in."""
    domain = project_domain()
    tracker = DialogueStateTracker.from_events("s", [SlotSet("language", language)], slots=domain.slots)
    message = run_async(TemplatedNaturalLanguageGenerator(domain.responses).generate(
        reply.response, tracker, "socketio", case_reference="C-000042", **reply.values))
    return message["text"]


@pytest.mark.parametrize("now, language, opening, iso", [
    (NIGHT, "en", "Wednesday 2 December at 09:00 (Madrid time)", "2026-12-02T09:00:00+01:00"),
    (NIGHT, "es", "el miércoles 2 de diciembre a las 09:00 (hora de Madrid)", "2026-12-02T09:00:00+01:00"),
    (CHRISTMAS, "en", "Monday 28 December at 09:00 (Madrid time)", "2026-12-28T09:00:00+01:00"),
    (CHRISTMAS, "es", "el lunes 28 de diciembre a las 09:00 (hora de Madrid)", "2026-12-28T09:00:00+01:00"),
])
def test_a_handoff_outside_office_hours_says_when_a_person_picks_it_up(staffed, now, language, opening, iso):
    with session_scope(staffed) as session:
        reply = handoff_reply(session, parse_office_hours(MADRID), language, now)
    assert (reply.response, reply.values, reply.reason) == (
        "utter_handoff_after_hours", {"opening": opening}, Reason("outside_office_hours", iso))
    words = said(reply, language)
    assert opening in words and "C-000042" in words
    assert "right here" not in words and "aquí mismo" not in words, "no promise of a person here and now"
    assert detect(words).language == language


@pytest.mark.parametrize("language, waiting", [("en", "Everyone is busy"), ("es", "todos están ocupados")])
def test_a_handoff_in_office_hours_says_the_wait(staffed, language, waiting):
    with session_scope(staffed) as session:
        reply = handoff_reply(session, parse_office_hours(MADRID), language, DAY)
    words = said(reply, language)
    assert reply.response == "utter_handoff" and reply.reason is None
    assert waiting in words and ("right here" in words or "aquí mismo" in words) and "{" not in words


def test_a_wait_of_about_a_minute_is_said_as_one():
    found = Availability(True, 1, wait=timedelta(seconds=50))
    assert (waiting_text(found, "en"), waiting_text(found, "es")) == (
        "The wait is usually about a minute.", "La espera suele ser de un minuto.")


@pytest.mark.parametrize("language, zone, opening", [
    ("en", "Europe/London", "Wednesday 2 December at 08:00 (London time)"),
    ("es", "America/Mexico_City", "el miércoles 2 de diciembre a las 02:00 (hora de Mexico City)"),
    ("en", "Europe/Madrid", "Wednesday 2 December at 09:00 (Madrid time)"),
])
def test_the_opening_is_said_in_the_customers_own_time_when_the_widget_tells_it(staffed, language, zone, opening):
    with session_scope(staffed) as session:
        reply = handoff_reply(session, parse_office_hours(MADRID), language, NIGHT, customer_zone(zone))
    assert reply.values == {"opening": opening}
    assert reply.reason == Reason("outside_office_hours", "2026-12-02T09:00:00+01:00"), "recorded in the office's"


@pytest.mark.parametrize("reported", [None, 42, "", "Mars/Olympus_Mons", "../../etc/passwd", "Europe/London" * 10])
def test_a_time_zone_the_widget_did_not_really_report_is_ignored(reported):
    assert customer_zone(reported) is None
