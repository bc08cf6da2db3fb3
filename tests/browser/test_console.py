"""The customer's widget and a person's console open at once, in a real browser: the customer
complains, the bot hands off, the agent claims and replies, the customer sees it live, the
customer's answer appears live in the console, the agent hands back and the bot answers again."""
from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import Page, expect

from bot.settings import PROJECT_ROOT
from bot.store.accounts import add_user, find_user
from tests.browser.test_widget import conversation_of_page, expect_bot_says, open_chat, send
from tests.e2e.test_conversations import SCENARIOS, complain

PASSWORD = "console password 1"
WORDS = {
    "en": {"opening": "My parcel never arrived", "person": "I want to talk to a human",
           "handoff": "passing your conversation to a colleague", "joined": "has joined the conversation",
           "reply": "Hello, this is Ana from customer care. Let me look at your parcel.",
           "answer": "Thank you, I'll wait", "back": "handed the conversation back to me", "thanks": "thanks"},
    "es": {"opening": "Mi paquete no ha llegado", "person": "Quiero hablar con una persona",
           "handoff": "Paso tu conversación a un compañero", "joined": "se ha unido a la conversación",
           "reply": "Hola, soy Ana de atención al cliente. Reviso tu paquete ahora mismo.",
           "answer": "Gracias, espero", "back": "me ha vuelto a pasar la conversación", "thanks": "gracias"},
}


def _account(bot, name: str, role: str) -> None:
    from bot.store import session_scope

    with session_scope(bot.engine) as session:
        if find_user(session, name) is None:
            add_user(session, name, role, PASSWORD)


def sign_in(page: Page, web_url: str, name: str) -> None:
    page.goto(f"{web_url}/console/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("header")).to_contain_text(name)


def screenshot(page: Page, name: str, tmp_path) -> None:
    folder = PROJECT_ROOT / "docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    page.screenshot(path=str(folder / name), full_page=True)


@pytest.fixture
def console_page(browser):
    context = browser.new_context(viewport={"width": 1360, "height": 860})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_agent_takes_over_and_hands_back(page, console_page, bot, language, tmp_path):
    words = WORDS[language]
    _account(bot, "ana", "agent")
    open_chat(page, bot.web_url, language)
    send(page, words["opening"])
    expect(page.locator(".rw-response")).to_have_count(2, timeout=30_000)
    send(page, words["person"])
    expect_bot_says(page, words["handoff"])
    conversation_id = conversation_of_page(page, bot)

    agent = console_page
    sign_in(agent, bot.web_url, "ana")
    agent.goto(f"{bot.web_url}/console/queue")
    item = agent.locator(".queue-item", has=agent.locator(f"a[href$='{conversation_id}']"))
    expect(item).to_contain_text(language)
    if language == "en":
        screenshot(agent, "console-queue.png", tmp_path)
    item.get_by_role("button", name="Claim").click()
    expect(agent.locator(".case h3", has_text="You hold this conversation")).to_be_visible()
    expect_bot_says(page, words["joined"])

    agent.fill("textarea[name=text]", words["reply"])
    agent.get_by_role("button", name="Send").click()
    expect_bot_says(page, words["reply"])

    responses_before = page.locator(".rw-response").count()
    send(page, words["answer"])
    expect(agent.locator(".turn.customer", has_text=words["answer"])).to_be_visible(timeout=10_000)
    page.wait_for_timeout(1500)
    assert page.locator(".rw-response").count() == responses_before, "the bot stays silent while Ana holds it"
    if language == "en":
        screenshot(agent, "console-takeover.png", tmp_path)

    agent.get_by_role("button", name="Hand back to the bot").click()
    expect_bot_says(page, words["back"])
    count = page.locator(".rw-response").count()
    send(page, words["thanks"])
    expect(page.locator(".rw-response").nth(count)).to_be_visible(timeout=30_000)  # the bot answers again


def test_a_lead_reads_figures_and_conversations(console_page, bot, fresh_order, tmp_path):
    """Two real conversations first (accepted goodwill in English and in Spanish), so the figures have
    goodwill to show."""
    for n, (language, opening, demo_order, remedy, _, _) in enumerate(SCENARIOS[:1] + SCENARIOS[3:4]):
        order, email = fresh_order(demo_order)
        replies = complain(bot, f"figures-{n}-{order}", language, opening, order, email, remedy)
        bot.say(f"figures-{n}-{order}", replies[-1]["buttons"][0]["payload"])
    _account(bot, "lena", "lead")
    sign_in(console_page, bot.web_url, "lena")
    console_page.goto(f"{bot.web_url}/console/figures")
    expect(console_page.locator("figure.chart")).to_have_count(5)
    expect(console_page.locator("#handoff-rate")).to_contain_text("%")
    expect(console_page.locator("#goodwill-total")).to_have_text(re.compile(r"^\d*[1-9][\d.]* EUR$"))
    screenshot(console_page, "console-figures.png", tmp_path)
    console_page.goto(f"{bot.web_url}/console/conversations")
    expect(console_page.locator("table.list tbody tr").first).to_be_visible()
    screenshot(console_page, "console-conversations.png", tmp_path)
    # What if orders over 40 EUR went to a person? The English refund of 45 EUR above would.
    console_page.goto(f"{bot.web_url}/console/whatif")
    policy = console_page.locator("#policy")
    policy.fill(policy.input_value().replace("order_value_above: 500", "order_value_above: 40"))
    console_page.get_by_role("button", name="Replay the past cases").click()
    expect(console_page.get_by_role("status")).to_contain_text("decisions change")
    expect(console_page.locator("table tbody tr", has_text="goodwill refund").filter(has_text="handoff").first
           ).to_be_visible()
