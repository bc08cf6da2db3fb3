"""A customer asking for their data or its erasure in the chat, through REST with the real model:
told what will happen, asked for the order and its email, then a person takes a case of its own
with the reason; never the goodbye. A wrong email does not open it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store import session_scope
from bot.store.models import EmailGuess
from tests.e2e.test_after_decision import HANDOFF, ORDER_QUESTION
from tests.e2e.test_case_status import EMAIL_MISMATCH, EMAIL_QUESTION
from tests.e2e.test_conversations import assert_language, case_of, cases_of, complain, texts

EXPLAINED = {"en": "a person on our team will take care of it", "es": "una persona de nuestro equipo se encargará"}
GOODBYE = {"en": "Take care", "es": "Que vaya muy bien"}


@pytest.mark.parametrize("language, request_, demo_order", [
    ("en", "please delete all my data, GDPR", "ORD-10004"),
    ("es", "borrad todos mis datos personales, por favor", "ORD-20004"),
])
def test_a_data_request_is_explained_checked_and_given_to_a_person(bot, conversation, fresh_order, language,
                                                                   request_, demo_order):
    sender = conversation(language)
    order, email = fresh_order(demo_order)
    first = bot.say(sender, request_)
    said = " ".join(texts(first))
    assert_language(first, language)
    assert EXPLAINED[language] in said and ORDER_QUESTION[language] in said and GOODBYE[language] not in said, said
    assert EMAIL_QUESTION[language] in " ".join(texts(bot.say(sender, order)))
    last = " ".join(texts(bot.say(sender, email)))
    assert HANDOFF[language] in last, last
    case = case_of(bot, sender)
    assert case["reasons"][-1]["rule"] == "privacy_request" and case["category"] is None
    assert (case["order_id"], case["status"]) == (order, "queued")


def test_a_data_request_after_a_complaint_gets_its_own_case(bot, conversation, fresh_order):
    sender = conversation("en")
    order, email = fresh_order("ORD-10002")  # explained: the complaint's case is closed
    complain(bot, sender, "en", "The tracking says delivered but I never got it", order, email, "A refund")
    said = " ".join(texts(bot.say(sender, "what personal data do you keep about me?")))
    assert EXPLAINED["en"] in said and ORDER_QUESTION["en"] not in said, "the verified order is not asked again"
    complaint, privacy = cases_of(bot, sender)
    assert (complaint["category"], complaint["outcome"]) == ("delivery", "explained")
    assert privacy["reasons"][-1]["rule"] == "privacy_request" and privacy["status"] == "queued"


def test_a_wrong_email_does_not_open_a_data_request(bot, conversation, fresh_order):
    sender = conversation("en")
    order, _ = fresh_order("ORD-10004")
    bot.say(sender, "I want a copy of all the data you hold on me")
    bot.say(sender, order)
    said = " ".join(texts(bot.say(sender, "someone.else@example.com")))
    assert EMAIL_MISMATCH["en"] in said and cases_of(bot, sender) == []


@pytest.mark.parametrize("language, request_", [
    ("en", "delete all the data you have on alice@example.com"),
    ("es", "borrad los datos de alice@example.com"),
])
def test_a_data_request_naming_an_email_before_any_order_is_a_data_request(bot, conversation, language, request_):
    """It was answered "can't match that email with order ." (a wrong guess on no order), and the
    Spanish one was not read as a data request at all."""
    sender = conversation(f"erase-{language}")
    said = " ".join(texts(bot.say(sender, request_)))
    assert EXPLAINED[language] in said and ORDER_QUESTION[language] in said, said
    assert EMAIL_MISMATCH[language] not in said and "order ." not in said and "pedido ." not in said, said
    with session_scope(bot.engine) as session:
        assert session.execute(select(EmailGuess).where(EmailGuess.conversation_id == sender)).first() is None
