"""When nobody can answer in the chat, a person answers by email to the address the customer proved,
or one they gave when asked: the promise (and only with such an address), its words in both
languages, and when a person first answered; on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.handoff.availability import HandoffReply, handoff_reply
from bot.handoff.email_follow_up import (
    AnswerAddress,
    answer_address,
    answers_by_email,
    consent_to_email,
    first_reply,
    promise_email,
    promised_address,
)
from bot.handoff.office_hours import parse_office_hours
from bot.handoff.presence import set_available
from bot.language import detect
from bot.orders.identity import Identity, give_email, is_verified
from bot.store import session_scope
from bot.store.models import Case, Order
from tests.bot.handoff.test_availability import DAY, NIGHT, said
from tests.bot.handoff.test_office_hours import MADRID


def test_only_a_person_available_now_answers_in_the_chat(staffed):
    hours = parse_office_hours(MADRID)
    with session_scope(staffed) as session:
        assert not handoff_reply(session, hours, "en", NIGHT).person_now, "the office is closed"
        assert not handoff_reply(session, hours, "en", DAY).person_now, "open, but nobody is available"
        set_available(session, "ana", True, DAY)
        assert handoff_reply(session, hours, "en", DAY).person_now


@pytest.fixture
def handed_off(demo_store):
    """A handed-off case about ORD-10001 in conversation c-mail; its id."""
    with session_scope(demo_store) as session:
        order = session.execute(select(Order).where(Order.reference == "ORD-10001")).scalar_one()
        case = Case(conversation_id="c-mail", language="es", status="queued", outcome="handoff", order_id=order.id,
                    customer_id=order.customer_id, handed_off_at=NIGHT, evidence=[], reasons=[])
        session.add(case)
        session.flush()
        return case.id


def test_an_email_answer_is_promised_only_to_an_address_proven_here(demo_store, handed_off, policy):
    with session_scope(demo_store) as session:
        case = session.get(Case, handed_off)
        assert promise_email(session, case, NIGHT) is None and not answers_by_email(case), "no address proven"
        give_email(session, Identity(named_order=case.order.reference), case.order.customer.email, policy, "c-other")
        assert promise_email(session, case, NIGHT) is None, "proven in another conversation is not proven here"
        address = case.order.customer.email
        give_email(session, Identity(named_order=case.order.reference), address, policy, "c-mail")
        shown = promise_email(session, case, NIGHT)
        assert shown == f"{address[0]}***@{address.split('@')[1]}" and shown != address
        assert case.email_promised_at == NIGHT and answers_by_email(case)


@pytest.mark.parametrize("language, words", [
    ("en", "a colleague will also reply by email, to l***@example.es; you can close this page"),
    ("es", "un compañero te contestará también por correo electrónico, a l***@example.es; puedes cerrar esta página"),
])
def test_the_promise_in_both_languages(language, words):
    text = said(HandoffReply("utter_reply_by_email", {"email": "l***@example.es"}), language)
    assert words in text and detect(text).language == language


def test_the_first_reply_is_kept_not_the_later_ones():
    case = Case()
    first_reply(case, DAY)
    first_reply(case, DAY + timedelta(minutes=5))
    assert case.first_reply_at == DAY



def test_an_address_given_when_asked_is_kept_sealed_and_answered_at_but_not_as_proof(demo_store, handed_off):
    with session_scope(demo_store) as session:
        case = session.get(Case, handed_off)
        assert answer_address(session, case) is None and promised_address(session, case) is None
        shown = consent_to_email(session, case, "Lucia.Night@Example.org", NIGHT)
        assert shown == "l***@example.org" and promised_address(session, case) == shown
        assert "lucia" not in (case.follow_up_email_sealed or "").lower(), "sealed at rest"
        assert case.follow_up_consent_at == NIGHT and answers_by_email(case)
        assert answer_address(session, case) == AnswerAddress("lucia.night@example.org", proven=False)
        assert not is_verified(session, "c-mail", case.order), "giving an address proves no order"


def test_an_address_proven_for_the_order_comes_before_one_only_given(demo_store, handed_off, policy):
    with session_scope(demo_store) as session:
        case = session.get(Case, handed_off)
        consent_to_email(session, case, "someone.else@example.org", NIGHT)
        give_email(session, Identity(named_order=case.order.reference), case.order.customer.email, policy, "c-mail")
        assert answer_address(session, case) == AnswerAddress(case.order.customer.email.lower(), proven=True)
