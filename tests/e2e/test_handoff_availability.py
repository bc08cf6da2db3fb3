"""A handoff through REST with the real model and action server tells the customer honestly who
is there: nobody available ("everyone is busy"), then, once an agent has signed in to the console,
a colleague available now (or the usual wait); in both languages. Outside office hours is tested
with a frozen clock in tests/bot/handoff/test_availability.py."""
from __future__ import annotations

import re
import time

import pytest
import requests

from bot.store import session_scope
from bot.store.accounts import add_user, find_user
from tests.e2e.test_conversations import assert_language, case_of, texts

ASK = {"en": "I want to talk to a human", "es": "Quiero hablar con una persona"}
BUSY = {"en": "Everyone is busy at the moment", "es": "Ahora mismo todos están ocupados"}
THERE = {"en": ("A colleague is available now.", "The wait is usually about"),
         "es": ("Hay un compañero disponible ahora mismo.", "La espera suele ser de un")}  # un minuto, unos N
PASSWORD = "presence password 1"


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
    bot.nobody_available()
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
    bot.nobody_available()  # the other tests' handoffs


BY_EMAIL = {"en": "a colleague will also reply by email, to", "es": "un compañero te contestará también por correo"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_when_nobody_can_answer_in_the_chat_the_answer_comes_by_email(bot, conversation, fresh_order, language):
    """The customer proved the order's email: they are told a person will answer by email to that
    address (masked), the case waits marked so, and the agent's reply goes by email on its own."""
    bot.nobody_available()
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
    letter, _ = _claim_and_reply(bot, agent, sender, "Good morning, I am on it.")
    assert letter["To"] == address.lower() and "Good morning, I am on it." in letter.get_content()
    bot.nobody_available()


def _claim_and_reply(bot, agent: requests.Session, sender: str, text: str):
    """The agent claims the conversation's case and replies without ticking "by email": the one
    email the test's SMTP server received, and the conversation page as the agent saw it."""
    before = len(bot.mailbox.received)
    page = agent.get(f"{bot.web_url}/console/conversations/{sender}").text
    case_id = re.search(r'/console/cases/(\d+)/claim', page).group(1)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    agent.post(f"{bot.web_url}/console/cases/{case_id}/claim", data={"csrf_token": token}).raise_for_status()
    held = agent.get(f"{bot.web_url}/console/conversations/{sender}").text
    agent.post(f"{bot.web_url}/console/cases/{case_id}/reply", data={"csrf_token": token, "text": text}
               ).raise_for_status()
    [letter] = bot.mailbox.new_since(before)
    return letter, held


def _claim_and_hand_back(bot, agent: requests.Session, sender: str) -> None:
    """The agent claims the conversation's case, then hands it back to the bot."""
    page = agent.get(f"{bot.web_url}/console/conversations/{sender}").text
    case_id = re.search(r'/console/cases/(\d+)/claim', page).group(1)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    for step in ("claim", "hand-back"):
        agent.post(f"{bot.web_url}/console/cases/{case_id}/{step}", data={"csrf_token": token}).raise_for_status()


ASKED = {"en": "Would you like the answer by email as well", "es": "¿Quieres que también te contesten por correo"}
UNCLEAR = {"en": "I can't find an email address in that", "es": "No encuentro una dirección de correo"}
HERE = {"en": "All right, no email. A colleague will answer here", "es": "De acuerdo, sin correo. Un compañero te"}
CODE_SENT = {"en": "I've sent a 6-digit code to", "es": "Te he enviado un código de 6 cifras a"}
CODE_WRONG = {"en": "That isn't the code we sent", "es": "Ese no es el código que te enviamos"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_customer_who_proved_no_email_is_asked_and_answered_at_the_address_given(bot, conversation, language):
    """Asked for a person before naming any order: the customer is asked whether to be answered by
    email; the address written (after one answer without one) is kept with the case, promised
    masked, and the agent's reply goes there, with the console warning that it proves no order."""
    bot.nobody_available()
    sender = conversation(f"consent-{language}")
    replies = bot.say(sender, ASK[language], metadata={"language": language})
    said = " ".join(texts(replies))
    assert BUSY[language] in said and ASKED[language] in said, said
    assert replies[-1]["buttons"][0]["payload"] == "/deny"
    assert bot.tracker(sender)["paused"] is False, "the bot waits for the answer first"
    assert UNCLEAR[language] in " ".join(texts(bot.say(sender, "???", metadata={"language": language})))
    address = f"night.owl.{language}@example.org"
    before = len(bot.mailbox.received)
    replies = bot.say(sender, {"en": f"ok, it's {address}", "es": f"vale, es {address}"}[language],
                      metadata={"language": language})
    assert_language(replies, language)
    said = " ".join(texts(replies))
    assert CODE_SENT[language] in said and "n***@example.org" in said and address not in said, said
    [code_letter] = bot.mailbox.new_since(before)
    assert code_letter["To"] == address and "ok, it" not in code_letter.get_content(), "fixed wording only"
    code = re.search(r"\b(\d{6})\b", code_letter.get_content()).group(1)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert CODE_WRONG[language] in " ".join(texts(bot.say(sender, wrong, metadata={"language": language})))
    said = " ".join(texts(bot.say(sender, code, metadata={"language": language})))
    assert BY_EMAIL[language] in said and "n***@example.org" in said, said
    assert bot.tracker(sender)["paused"] is True
    assert bot.say(sender, "hello?", metadata={"language": language}) == [], "now a person answers"

    agent = _sign_in(bot, f"consent_{language}")
    reference = case_of(bot, sender)["case"]
    assert reference in agent.get(f"{bot.web_url}/console/queue", params={"waiting": "email"}).text, \
        "the queue's 'waiting for an answer by email' filter shows it"
    letter, page = _claim_and_reply(bot, agent, sender, "Good morning, I am on it.")
    assert letter["To"] == address and "Good morning, I am on it." in letter.get_content()
    assert "It is not proven to be the order" in page
    bot.nobody_available()


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_customer_who_declines_is_answered_in_the_chat(bot, conversation, language):
    bot.nobody_available()
    sender = conversation(f"decline-{language}")
    bot.say(sender, ASK[language], metadata={"language": language})
    replies = bot.say(sender, "/deny", metadata={"language": language})
    assert_language(replies, language)
    case = case_of(bot, sender)
    said = " ".join(texts(replies))
    assert HERE[language] in said and case["case"] in said and BY_EMAIL[language] not in said, said
    assert bot.tracker(sender)["paused"] is True
    agent = _sign_in(bot, f"decline_{language}")
    assert case["case"] in agent.get(f"{bot.web_url}/console/queue").text
    assert case["case"] not in agent.get(f"{bot.web_url}/console/queue", params={"waiting": "email"}).text
    bot.nobody_available()


def test_a_stranger_cannot_have_the_company_write_to_someone_else(bot, conversation):
    """A stranger asks for a person, writes "write to alice@example.com" and leaves: Alice gets only the
    fixed-wording code; the agent's reply stays in the chat, and the console says the address is
    unconfirmed (once, an agent's reply went to Alice and her answer showed in the stranger's widget)."""
    bot.nobody_available()
    sender = conversation("stranger")
    bot.say(sender, ASK["en"], metadata={"language": "en"})
    before = len(bot.mailbox.received)
    assert CODE_SENT["en"] in " ".join(texts(bot.say(sender, "write to alice.victim@example.com",
                                                      metadata={"language": "en"})))
    assert [m["To"] for m in bot.mailbox.new_since(before)] == ["alice.victim@example.com"]
    assert CODE_WRONG["en"] in " ".join(texts(bot.say(sender, "write to alice.victim@example.com",
                                                       metadata={"language": "en"})))
    time.sleep(1)
    assert len(bot.mailbox.received) == before + 1, "no second code"
    agent = _sign_in(bot, "stranger_agent")
    page = agent.get(f"{bot.web_url}/console/conversations/{sender}").text
    case_id = re.search(r'/console/cases/(\d+)/claim', page).group(1)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    agent.post(f"{bot.web_url}/console/cases/{case_id}/claim", data={"csrf_token": token}).raise_for_status()
    assert "the address is unconfirmed" in agent.get(f"{bot.web_url}/console/conversations/{sender}").text
    sent = len(bot.mailbox.received)
    agent.post(f"{bot.web_url}/console/cases/{case_id}/reply", data={"csrf_token": token, "text": "Hi Alice?"}
               ).raise_for_status()
    time.sleep(1)
    assert len(bot.mailbox.received) == sent, "nothing is sent to an unconfirmed address"
    bot.nobody_available()


def test_a_person_who_claims_while_the_question_is_open_ends_it(bot, conversation):
    """Handed back after a person took over mid-question, the bot answers the customer's next
    message as itself, not as an answer to whether a person may email them."""
    bot.nobody_available()
    sender = conversation("claimed-mid-question")
    assert ASKED["en"] in " ".join(texts(bot.say(sender, ASK["en"], metadata={"language": "en"})))
    agent = _sign_in(bot, "mid_question")
    _claim_and_hand_back(bot, agent, sender)
    assert bot.tracker(sender)["active_loop"] in ({}, None, {"name": None})
    said = " ".join(texts(bot.say(sender, "My parcel never arrived", metadata={"language": "en"})))
    assert "order reference" in said and UNCLEAR["en"] not in said, said
    bot.nobody_available()


def test_an_address_given_to_be_answered_at_is_not_taken_as_proof_later(bot, conversation):
    """Handed back after the customer gave an address for the answer, a new complaint starts with
    the order question: the address is neither taken as the order's email nor called malformed."""
    bot.nobody_available()
    sender = conversation("given-then-complains")
    bot.say(sender, ASK["en"], metadata={"language": "en"})
    bot.say(sender, "sure, owl@example.org", metadata={"language": "en"})
    agent = _sign_in(bot, "given_then_back")
    _claim_and_hand_back(bot, agent, sender)
    said = " ".join(texts(bot.say(sender, "My parcel never arrived", metadata={"language": "en"})))
    assert "order reference" in said and "email address" not in said, said
    assert "which email" in " ".join(texts(bot.say(sender, "ORD-10001", metadata={"language": "en"})))
    bot.nobody_available()

