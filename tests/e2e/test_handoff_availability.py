"""A handoff through REST with the real model and action server tells the customer honestly who
is there: nobody available ("everyone is busy"), then, once an agent has signed in to the console,
a colleague available now (or the usual wait); in both languages. Outside office hours is tested
with a frozen clock in tests/bot/handoff/test_availability.py."""
from __future__ import annotations

import re

import pytest
import requests
from sqlalchemy import update

from bot.console.users import add_user, find_user
from bot.store import session_scope
from bot.store.models import AgentPresence
from tests.e2e.test_conversations import assert_language, case_of, texts

ASK = {"en": "I want to talk to a human", "es": "Quiero hablar con una persona"}
BUSY = {"en": "Everyone is busy at the moment", "es": "Ahora mismo todos están ocupados"}
THERE = {"en": ("A colleague is available now.", "The wait is usually about"),
         "es": ("Hay un compañero disponible ahora mismo.", "La espera suele ser de un")}  # un minuto, unos N
PASSWORD = "presence password 1"


def _nobody_available(bot) -> None:
    with session_scope(bot.engine) as session:
        session.execute(update(AgentPresence).values(available=False))


def _sign_in(bot, name: str) -> requests.Session:
    with session_scope(bot.engine) as session:
        if find_user(session, name) is None:
            add_user(session, name, "agent", PASSWORD)
    agent = requests.Session()
    form = agent.get(f"{bot.web_url}/console/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
    agent.post(f"{bot.web_url}/console/login", data={"csrf_token": token, "name": name, "password": PASSWORD}
               ).raise_for_status()
    return agent


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_handoff_says_whether_someone_is_there(bot, conversation, language):
    _nobody_available(bot)
    alone = conversation(language)
    replies = bot.say(alone, ASK[language], metadata={"language": language})
    assert_language(replies, language)
    said = " ".join(texts(replies))
    assert BUSY[language] in said and case_of(bot, alone)["case"] in said, said

    _sign_in(bot, f"presence_{language}")
    helped = conversation(language)
    said = " ".join(texts(bot.say(helped, ASK[language], metadata={"language": language})))
    assert any(words in said for words in THERE[language]), said
    assert "outside_office_hours" not in [r["rule"] for r in case_of(bot, helped)["reasons"]]
    _nobody_available(bot)  # the other tests' handoffs


BY_EMAIL = {"en": "a colleague will also reply by email, to", "es": "un compañero te contestará también por correo"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_when_nobody_can_answer_in_the_chat_the_answer_comes_by_email(bot, conversation, fresh_order, language):
    """The customer proved the order's email: they are told a person will answer by email to that
    address (masked), the case waits marked so, and the agent's reply goes by email on its own."""
    _nobody_available(bot)
    order, address = fresh_order("ORD-20001")
    sender = conversation(f"promise-{language}")
    opening = {"en": f"My parcel never arrived, order {order}", "es": f"Mi paquete no ha llegado, pedido {order}"}
    bot.say(sender, opening[language], metadata={"language": language})
    bot.say(sender, address, metadata={"language": language})
    replies = bot.say(sender, ASK[language], metadata={"language": language})
    assert_language(replies, language)
    said = " ".join(texts(replies))
    masked = address[0] + "***@" + address.split("@")[1]
    assert BY_EMAIL[language] in said and masked.lower() in said.lower() and address not in said, said

    agent = _sign_in(bot, f"emailer_{language}")
    queue = agent.get(f"{bot.web_url}/console/queue", params={"waiting": "email"}).text
    case = case_of(bot, sender)
    assert case["case"] in queue and "answer by email" in queue
    before = len(bot.mailbox.received)
    page = agent.get(f"{bot.web_url}/console/conversations/{sender}").text
    case_id = re.search(r'/console/cases/(\d+)/claim', page).group(1)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    agent.post(f"{bot.web_url}/console/cases/{case_id}/claim", data={"csrf_token": token}).raise_for_status()
    agent.post(f"{bot.web_url}/console/cases/{case_id}/reply",
               data={"csrf_token": token, "text": "Good morning, I am on it."}).raise_for_status()
    [letter] = bot.mailbox.new_since(before)
    assert letter["To"] == address.lower() and "Good morning, I am on it." in letter.get_content()
    _nobody_available(bot)
