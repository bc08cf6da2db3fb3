"""The SMTP ingress for customers' emailed answers, over real SMTP (smtplib to aiosmtpd on a free
port) and a real store: a signed reply address brings the answer into its case; forged or expired
ones are refused at RCPT and logged; auto-replies are dropped; a Rasa outage defers the mail."""
from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from bot.mail.ingress import ReplyIngress, start_ingress
from bot.mail.reply_tokens import REPLY_DAYS, ReplyAddresses
from bot.serving.services import free_port
from bot.store import session_scope
from bot.store.models import Case
from tests.bot.console.test_takeover import RecordingRasa

ADDRESSES = ReplyAddresses("the ingress test's key", "replies.example.com")


@pytest.fixture
def closed_case(store) -> int:
    with session_scope(store) as session:
        case = Case(conversation_id="c-mail", language="es", status="closed", outcome="explained",
                    closed_at=datetime.utcnow(), evidence=[], reasons=[])
        session.add(case)
        session.flush()
        return case.id


@pytest.fixture
def ingress(store):
    """The ingress on a free port, recording what it tells Rasa; `rasa.fail` makes Rasa unreachable."""
    rasa = RecordingRasa()
    handler = ReplyIngress(ADDRESSES, store, rasa)
    port = free_port()
    controller = start_ingress(handler, "127.0.0.1", port)
    yield rasa, port
    controller.stop()


def send(port: int, to: str, body: str = "Sigue sin llegar.", sender: str = "lucia@example.es", **headers: str):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, "Re: [C-000001]"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        return client.send_message(message, from_addr=sender if sender != "<>" else "")


def status(store, case_id: int) -> str:
    with session_scope(store) as session:
        return session.get(Case, case_id).status


def test_an_answer_comes_back_into_its_case_and_queues_it(ingress, store, closed_case):
    rasa, port = ingress
    send(port, ADDRESSES.for_case(closed_case, datetime.utcnow()),
         "Sigue sin llegar.\n\nEl lun, 1 dic 2026, Atención escribió:\n> Hola")
    assert rasa.calls == [("customer_wrote", "c-mail", "Sigue sin llegar.", "es", "email")]
    with session_scope(store) as session:
        case = session.execute(select(Case).where(Case.id == closed_case)).scalar_one()
        assert (case.status, case.closed_at) == ("queued", None) and case.handed_off_at is not None


def test_forged_and_expired_addresses_are_refused_and_logged(ingress, store, closed_case, caplog):
    rasa, port = ingress
    forged = ReplyAddresses("somebody else's key", "replies.example.com").for_case(closed_case, datetime.utcnow())
    expired = ADDRESSES.for_case(closed_case, datetime.utcnow() - timedelta(days=REPLY_DAYS + 1))
    with caplog.at_level(logging.WARNING, logger="bot.mail.ingress"):
        for address, reason in ((forged, "forged"), (expired, "expired"), ("care@replies.example.com", "malformed")):
            with pytest.raises(smtplib.SMTPRecipientsRefused) as refusal:
                send(port, address)
            assert refusal.value.recipients[address][0] == 550
            assert f"refused a reply address ({reason})" in caplog.text
    assert rasa.calls == [] and status(store, closed_case) == "closed"


def test_auto_replies_and_bounces_are_accepted_and_dropped(ingress, store, closed_case):
    rasa, port = ingress
    address = ADDRESSES.for_case(closed_case, datetime.utcnow())
    send(port, address, "Estoy fuera de la oficina.", Auto_Submitted="auto-replied")
    send(port, address, "Delivery failed.", sender="<>")
    assert rasa.calls == [] and status(store, closed_case) == "closed"


def test_while_rasa_is_down_the_mail_is_deferred_and_nothing_changes(ingress, store, closed_case):
    rasa, port = ingress
    rasa.fail = True
    with pytest.raises(smtplib.SMTPDataError) as deferred:
        send(port, ADDRESSES.for_case(closed_case, datetime.utcnow()))
    assert deferred.value.smtp_code == 451 and status(store, closed_case) == "closed"


def test_one_case_per_message(ingress, store, closed_case):
    rasa, port = ingress
    now = datetime.utcnow()
    first, other = ADDRESSES.for_case(closed_case, now), ADDRESSES.for_case(closed_case + 1, now)
    message = EmailMessage()
    message["From"], message["To"] = "lucia@example.es", f"{first}, {other}"
    message.set_content("Hola")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        refused = client.send_message(message)
    assert refused[other][0] == 452 and len(rasa.calls) == 1
