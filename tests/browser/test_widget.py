"""The chat widget on the demo shop page, in a real browser, in English and Spanish."""
from __future__ import annotations

import json
import os
import re
import smtplib
from email.message import EmailMessage

import pytest
import requests
from playwright.sync_api import Page, expect

from bot.settings import PROJECT_ROOT
from tests.e2e.test_conversations import case_of
from tests.e2e.test_customer_left import _present, _until
from tests.e2e.test_handoff_availability import _sign_in

WORDS = {
    "en": {"opening": "My parcel never arrived", "refund": "A refund", "yes": "Yes, please",
           "ack": "I'm so sorry", "ask_order": "order reference", "ask_email": "which email",
           "done": "is on its way", "title": "Customer care", "placeholder": "Type your message…"},
    "es": {"opening": "Mi paquete no ha llegado", "refund": "Un reembolso", "yes": "Sí, por favor",
           "ack": "Siento muchísimo", "ask_order": "referencia de tu pedido", "ask_email": "correo electrónico",
           "done": "ya está en marcha", "title": "Atención al cliente", "placeholder": "Escribe tu mensaje…"},
}


def wait_for_session(page: Page) -> None:
    """Wait until the loaded page's widget has its session with Rasa."""
    # Polled with evaluate: wait_for_function compiles its predicate with eval, which the page's
    # Content-Security-Policy rightly forbids.
    for _ in range(300):
        if page.evaluate("(JSON.parse(localStorage.getItem('chat_session') || '{}')).session_id"):
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)  # the widget restores its open/closed state right after the session


def open_chat(page: Page, web_url: str, language: str) -> None:
    """Load the page, wait for the widget's session with Rasa, then open the chat."""
    page.goto(f"{web_url}/?lang={language}")
    wait_for_session(page)
    if not page.locator(".rw-new-message").is_visible():
        page.click(".rw-launcher")
    expect(page.locator(".rw-new-message")).to_be_visible()


def send(page: Page, text: str) -> None:
    page.fill(".rw-new-message", text)
    page.keyboard.press("Enter")


def expect_bot_says(page: Page, text: str) -> None:
    expect(page.locator(".rw-response", has_text=text).last).to_be_visible(timeout=30_000)


def session_token(page: Page) -> str:
    """The session token the widget keeps (issued by the server)."""
    return json.loads(page.evaluate("localStorage.getItem('chat_session')"))["session_id"]


def conversation_of_page(page: Page, bot) -> str:
    """Rasa's conversation id for the page's chat."""
    return bot.conversation_of(session_token(page))


@pytest.mark.parametrize("language", ["en", "es"])
def test_complaint_to_accepted_goodwill_with_the_buttons(page, bot, fresh_order, language, tmp_path):
    words = WORDS[language]
    order, email = fresh_order("ORD-10001" if language == "en" else "ORD-20001")
    open_chat(page, bot.web_url, language)
    expect(page.locator(".rw-header")).to_contain_text(words["title"])
    expect(page.locator(".rw-new-message")).to_have_attribute("placeholder", words["placeholder"])
    send(page, words["opening"])
    expect_bot_says(page, words["ask_order"])
    send(page, order)
    expect_bot_says(page, words["ask_email"])
    send(page, email)
    page.locator(".rw-reply", has_text=words["refund"]).click()
    page.locator(".rw-reply", has_text=words["yes"]).click()
    expect_bot_says(page, words["done"])
    case = case_of(bot, conversation_of_page(page, bot))
    assert (case["language"], case["outcome"], case["customer_answer"]) == (language, "goodwill", "accepted")
    shots = PROJECT_ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(shots / f"widget-{language}.png"))
    assert page.blocked in ([], ["https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap"])


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reload_keeps_the_history_and_the_conversation(page, bot, language):
    words = WORDS[language]
    open_chat(page, bot.web_url, language)
    send(page, words["opening"])
    expect_bot_says(page, words["ask_order"])
    before = session_token(page)
    page.reload()
    open_chat(page, bot.web_url, language)
    expect(page.locator(".rw-response", has_text=words["ack"])).to_be_visible()
    assert session_token(page) == before
    send(page, "ORD-10001")
    expect_bot_says(page, words["ask_email"])


@pytest.mark.parametrize("first, second", [("en", "es"), ("es", "en")])
def test_the_language_switch_changes_the_replies(page, bot, first, second):
    open_chat(page, bot.web_url, first)
    send(page, "ok")
    expect_bot_says(page, "How can I help?" if first == "en" else "¿En qué puedo ayudarte?")
    page.click("#language-switch")
    open_chat(page, bot.web_url, second)
    expect(page.locator(".rw-header")).to_contain_text(WORDS[second]["title"])
    send(page, "ok")
    expect_bot_says(page, "How can I help?" if second == "en" else "¿En qué puedo ayudarte?")


@pytest.mark.parametrize("language, text", [("en", "Hello, this is Sam from customer care."),
                                            ("es", "Hola, soy Sam, de atención al cliente.")])
def test_a_message_pushed_from_outside_appears_live(page, bot, language, text):
    open_chat(page, bot.web_url, language)
    send(page, "hello" if language == "en" else "hola")
    expect_bot_says(page, "Hi!" if language == "en" else "¡Hola!")
    response = requests.post(f"{bot.url}/conversations/{conversation_of_page(page, bot)}/tracker/events",
                             params={"token": bot.token, "execute_side_effects": "true", "output_channel": "socketio"},
                             json={"event": "bot", "text": text}, timeout=30)
    assert response.ok, response.text
    expect_bot_says(page, text)


def test_the_widget_tells_the_bot_the_customers_time_zone(browser, bot):
    context = browser.new_context(timezone_id="America/Mexico_City")
    page = context.new_page()
    try:
        open_chat(page, bot.web_url, "es")
        send(page, "Hola")
        expect(page.locator(".rw-response")).to_have_count(1, timeout=30_000)
        said = [e for e in bot.tracker(conversation_of_page(page, bot))["events"] if e["event"] == "user"]
        assert said[-1]["metadata"]["time_zone"] == "America/Mexico_City"
    finally:
        context.close()


def test_a_returning_customer_sees_what_was_said_while_the_chat_was_closed(browser, bot, fresh_order):
    """Handed to a person, the customer closes the page; the agent answers (by email too, as the
    customer has left), the customer answers that email, and the agent closes the case; back on the
    page, the widget shows all of it, the rating question with its buttons."""
    order, address = fresh_order("ORD-10001")
    first = browser.new_context()
    page = first.new_page()
    open_chat(page, bot.web_url, "en")
    for text, expected in ((f"My parcel never arrived, order {order}", "which email"),
                           (address, "What would put this right"), ("I want to talk to a human", "case reference")):
        send(page, text)
        expect_bot_says(page, expected)
    conversation, kept = conversation_of_page(page, bot), first.storage_state()
    first.close()
    assert _until(lambda: not _present(bot, conversation)), "the closed page no longer counts"

    agent = _sign_in(bot, "catch_up_agent")
    held = agent.get(f"{bot.web_url}/console/conversations/{conversation}").text
    case_id = re.search(r"/console/cases/(\d+)/claim", held).group(1)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', held).group(1)
    before = len(bot.mailbox.received)
    agent.post(f"{bot.web_url}/console/cases/{case_id}/claim", data={"csrf_token": token}).raise_for_status()
    agent.post(f"{bot.web_url}/console/cases/{case_id}/reply",
               data={"csrf_token": token, "text": "We found your parcel at the depot."}).raise_for_status()
    [letter] = bot.mailbox.new_since(before)
    answer = EmailMessage()
    answer["From"], answer["To"], answer["Subject"] = address, letter["Reply-To"], f"Re: {letter['Subject']}"
    answer.set_content("Great, I will pick it up tomorrow.")
    with smtplib.SMTP("127.0.0.1", bot.servers.mail_port, timeout=10) as ingress:
        ingress.send_message(answer)
    assert _until(lambda: "Great, I will pick it up tomorrow." in agent.get(
        f"{bot.web_url}/console/conversations/{conversation}").text), "the answer is in the case"
    agent.post(f"{bot.web_url}/console/cases/{case_id}/close",
               data={"csrf_token": token, "remedy": "none", "amount": "", "note": "Collected from the depot"}
               ).raise_for_status()  # and the customer is asked for a rating, with buttons, while away

    back = browser.new_context(storage_state=kept)
    try:
        page = back.new_page()
        open_chat(page, bot.web_url, "en")
        expect_bot_says(page, "We found your parcel at the depot.")
        expect_bot_says(page, "Your answer by email, added to your case: “Great, I will pick it up tomorrow.”")
        expect(page.locator(".rw-reply", has_text="5")).to_be_visible(timeout=10_000)
        assert conversation_of_page(page, bot) == conversation
    finally:
        back.close()
        bot.nobody_available()


@pytest.mark.parametrize("language, answer, then", [
    ("es", "escribidme a noche.buho@example.org", "a n***@example.org; puedes cerrar esta página"),
    ("en", None, "All right, no email. A colleague will answer here"),
])
def test_a_customer_who_proved_no_email_answers_the_email_question_in_the_widget(page, bot, language, answer,
                                                                                   then):
    """Nobody can answer in the chat: the widget shows the question with its "No, thanks" button;
    the customer writes an address and types back the code mailed to it, or presses the button."""
    bot.nobody_available()
    open_chat(page, bot.web_url, language)
    send(page, {"en": "I want to talk to a human", "es": "Quiero hablar con una persona"}[language])
    no_thanks = {"en": "No, thanks", "es": "No, gracias"}[language]
    expect(page.locator(".rw-reply", has_text=no_thanks)).to_be_visible(timeout=30_000)
    if answer is None:
        page.locator(".rw-reply", has_text=no_thanks).click()
    else:
        before = len(bot.mailbox.received)
        send(page, answer)
        expect_bot_says(page, "Te he enviado un código de 6 cifras a n***@example.org")
        [letter] = bot.mailbox.new_since(before)
        send(page, re.search(r"\b(\d{6})\b", letter.get_content()).group(1))
    expect_bot_says(page, then)
    conversation = conversation_of_page(page, bot)
    assert bot.tracker(conversation)["paused"] is True
