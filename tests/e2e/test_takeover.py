"""A person takes a handed-off conversation over, through the console's HTTP pages, with the real
Rasa server, action server and database: the bot stays silent while the person holds it, the
person's words go into the conversation, and the bot answers again after hand-back or close."""
from __future__ import annotations

import re
import smtplib
from decimal import Decimal
from email.message import EmailMessage

import pytest
import requests
from sqlalchemy import select

from bot.store import session_scope
from bot.store.accounts import add_user, find_user
from bot.store.models import AuditEntry, Case, GoodwillGrant

PASSWORD = "agent password 123"


def _signed_in(bot, name: str, role: str) -> requests.Session:
    """A browser session of console account `name` (made with `role` the first time)."""
    with session_scope(bot.engine) as session:
        if find_user(session, name) is None:
            add_user(session, name, role, PASSWORD)
    browser = requests.Session()
    form = browser.get(f"{bot.web_url}/console/login")
    browser.post(f"{bot.web_url}/console/login", data={"csrf_token": _csrf(form.text), "name": name,
                                                       "password": PASSWORD}).raise_for_status()
    return browser


@pytest.fixture
def agent(bot) -> requests.Session:
    return _signed_in(bot, "tomas", "agent")


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _post(agent: requests.Session, bot, path: str, conversation_id: str, **fields) -> str:
    page = agent.get(f"{bot.web_url}/console/conversations/{conversation_id}")
    response = agent.post(f"{bot.web_url}/console{path}", data={"csrf_token": _csrf(page.text), **fields})
    response.raise_for_status()
    assert "Nothing was changed" not in response.text, response.text
    return response.text


def _handed_off_case(bot, sender: str, language: str) -> Case:
    bot.say(sender, "Quiero hablar con una persona" if language == "es" else "I want to talk to a human",
            metadata={"language": language})
    with session_scope(bot.engine) as session:
        return session.execute(select(Case).where(Case.conversation_id == sender)).scalar_one()


def _events(bot, sender: str) -> list[dict]:
    return bot.tracker(sender)["events"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_claim_reply_and_hand_back(bot, conversation, agent, language):
    sender = conversation("takeover")
    case = _handed_off_case(bot, sender, language)
    assert case.status == "queued" and case.handed_off_at is not None
    assert case.reference in agent.get(f"{bot.web_url}/console/queue").text

    _post(agent, bot, f"/cases/{case.id}/claim", sender)
    joined = [e for e in _events(bot, sender) if e["event"] == "bot"][-1]["text"]
    assert ("compañero" in joined) if language == "es" else ("colleague" in joined)
    assert bot.say(sender, "hello? anyone there?") == [], "the bot stays silent while a person holds it"

    _post(agent, bot, f"/cases/{case.id}/reply", sender, text="Hi, I'm Tomás. I'll sort this out.")
    said = [e for e in _events(bot, sender) if e["event"] == "bot"][-1]
    assert said["text"] == "Hi, I'm Tomás. I'll sort this out." and said["metadata"]["agent"] == "tomas"
    transcript = agent.get(f"{bot.web_url}/console/conversations/{sender}").text
    assert "hello? anyone there?" in transcript and "I&#39;ll sort this out." in transcript

    _post(agent, bot, f"/cases/{case.id}/hand-back", sender)
    events = _events(bot, sender)
    assert events[-2]["event"] == "bot" and any(e["event"] == "resume" for e in events)
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen"), "the bot listens again"
    replies = bot.say(sender, "gracias" if language == "es" else "thank you")
    welcome = "De nada" if language == "es" else "You're welcome"
    assert welcome in " ".join(r.get("text", "") for r in replies), "after hand-back the bot answers as usual"
    with session_scope(bot.engine) as session:
        assert session.get(Case, case.id).status == "with_bot"


def _claimed_case_on_a_proven_order(bot, sender: str, agent: requests.Session, fresh_order) -> Case:
    """A complaint on a fresh copy of ORD-10001 whose email was given, handed off and claimed."""
    order, email = fresh_order("ORD-10001")
    bot.say(sender, f"My parcel never arrived, order {order}")
    bot.say(sender, email)
    case = _handed_off_case(bot, sender, "en")
    _post(agent, bot, f"/cases/{case.id}/claim", sender)
    return case


def test_close_with_a_resolution(bot, conversation, agent, fresh_order):
    sender = conversation("close")
    case = _claimed_case_on_a_proven_order(bot, sender, agent, fresh_order)
    _post(agent, bot, f"/cases/{case.id}/close", sender, remedy="refund", amount="12.50",
          note="Carrier confirmed the loss")
    with session_scope(bot.engine) as session:
        closed = session.get(Case, case.id)
        assert (closed.status, closed.resolution_remedy, closed.resolution_amount) == \
            ("closed", "refund", Decimal("12.50"))
        grant = session.execute(select(GoodwillGrant).where(GoodwillGrant.case_id == case.id)).scalar_one()
        assert grant.amount == Decimal("12.50")
    closing, question = [e for e in _events(bot, sender) if e["event"] == "bot"][-2:]
    assert "closed your case" in closing["text"]
    assert "how did I do" in question["text"] and len(question["data"]["buttons"]) == 5
    thanks = bot.say(sender, question["data"]["buttons"][4]["payload"])
    assert "Thank you for your rating" in " ".join(r.get("text", "") for r in thanks), thanks
    with session_scope(bot.engine) as session:
        rated = session.get(Case, case.id)
        assert (rated.csat_rating, rated.csat_resolved_by) == (5, "agent")
    again = bot.say(sender, "thank you")
    assert "You're welcome" in " ".join(r.get("text", "") for r in again), "after closing, the bot answers as usual"


OPENING = {"en": "My parcel never arrived, order {order}", "es": "Mi paquete no ha llegado, pedido {order}"}


def _emailed_reply(bot, conversation, agent, fresh_order, language: str, text: str):
    """A customer proves the order's email and asks for a person; the agent claims the case and
    replies, ticking "by email". The sender, the address, the case and the email as the test's SMTP
    server received it."""
    order, address = fresh_order("ORD-20001")
    sender = conversation("email")
    bot.say(sender, OPENING[language].format(order=order), metadata={"language": language})
    bot.say(sender, address, metadata={"language": language})
    case = _handed_off_case(bot, sender, language)
    _post(agent, bot, f"/cases/{case.id}/claim", sender)
    before = len(bot.mailbox.received)
    _post(agent, bot, f"/cases/{case.id}/reply", sender, text=text, by_email="y")
    [letter] = bot.mailbox.new_since(before)
    return sender, address, case, letter


def test_a_reply_also_sent_by_email_reaches_the_proven_address(bot, conversation, agent, fresh_order):
    sender, address, case, letter = _emailed_reply(bot, conversation, agent, fresh_order, "es",
                                                   "Hola, soy Tomás: te enviamos otro paquete hoy.")
    assert (letter["To"], letter["Subject"]) == (address.lower(), f"[{case.reference}] Respuesta sobre tu reclamación")
    assert "te enviamos otro paquete hoy" in letter.get_content()
    said = [e for e in _events(bot, sender) if e["event"] == "bot"][-1]
    assert said["text"] == "Hola, soy Tomás: te enviamos otro paquete hoy.", "the chat has it too"


def test_the_customers_emailed_answer_comes_back_into_the_case(bot, conversation, agent, fresh_order):
    """The customer has closed the widget; they answer the agent's email, and the answer is in the
    case's transcript in the console. A forged reply address is refused by the mail ingress."""
    sender, address, case, letter = _emailed_reply(bot, conversation, agent, fresh_order, "en",
                                                   "Hello, this is Tomás: could you check with your neighbours?")
    assert "reply to this email within 30 days" in letter.get_content() and case.reference in letter["Subject"]

    answer = EmailMessage()
    answer["From"], answer["To"] = address, letter["Reply-To"]
    answer["Subject"] = f"Re: {letter['Subject']}"
    answer.set_content("I asked them, nobody has it. <b>Still nothing</b>.\n\n"
                       "On Tue, 1 Dec 2026, Customer care wrote:\n> Hello, this is Tomás")
    with smtplib.SMTP("127.0.0.1", bot.servers.mail_port, timeout=10) as ingress:
        ingress.send_message(answer)
        forged = str(letter["Reply-To"]).replace(f"reply+{case.id}.", f"reply+{case.id + 1}.")
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            ingress.send_message(answer, to_addrs=[forged])

    customer_turns = [e for e in _events(bot, sender) if e["event"] == "user"]
    assert customer_turns[-1]["text"] == "I asked them, nobody has it. <b>Still nothing</b>."
    page = agent.get(f"{bot.web_url}/console/conversations/{sender}").text
    assert "I asked them, nobody has it. &lt;b&gt;Still nothing&lt;/b&gt;." in page, "shown, escaped"
    assert "· by email" in page
    with session_scope(bot.engine) as session:
        assert session.get(Case, case.id).status == "claimed", "the agent who holds it keeps it"


def test_goodwill_above_the_cap_waits_for_a_lead_and_the_audit_says_who(bot, conversation, agent, fresh_order):
    """An agent once closed a case with 100,000 of goodwill. Now the close asks a lead; the case stays
    with the agent and nothing is given until a lead approves, and the audit log names both."""
    sender = conversation("approval")
    case = _claimed_case_on_a_proven_order(bot, sender, agent, fresh_order)
    asked = _post(agent, bot, f"/cases/{case.id}/close", sender, remedy="refund", amount="100000",
                  note="Very upset")
    assert "Sent to a lead for approval" in asked and "Waiting for a lead's approval" in asked
    assert agent.get(f"{bot.web_url}/console/approvals").status_code == 403, "agents do not approve"
    with session_scope(bot.engine) as session:
        assert session.get(Case, case.id).status == "claimed"
        assert session.execute(select(GoodwillGrant).where(GoodwillGrant.case_id == case.id)).first() is None
    lead = _signed_in(bot, "lucia_lead", "lead")
    page = lead.get(f"{bot.web_url}/console/approvals").text
    approval_id = re.search(r'data-approval="(\d+)"', page).group(1)
    for _ in range(2):  # a double click approves once
        lead.post(f"{bot.web_url}/console/approvals/{approval_id}/approve",
                  data={"csrf_token": _csrf(page)}).raise_for_status()
    with session_scope(bot.engine) as session:
        closed = session.get(Case, case.id)
        assert (closed.status, closed.resolution_amount) == ("closed", Decimal("100000.00"))
        assert len(session.execute(select(GoodwillGrant).where(GoodwillGrant.case_id == case.id)).all()) == 1
        entries = session.execute(select(AuditEntry).where(AuditEntry.target == sender)).scalars().all()
        done = {(e.user_name, e.action) for e in entries}
        assert {("tomas", "ask_goodwill_approval"), ("lucia_lead", "approve_goodwill")} <= done, done
        assert next(e for e in entries if e.action == "approve_goodwill").detail["requested_by"] == "tomas"
    assert "closed your case" in [e for e in _events(bot, sender) if e["event"] == "bot"][-2]["text"]
