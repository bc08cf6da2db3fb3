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
