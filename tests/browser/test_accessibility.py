"""WCAG 2.1 A and AA, checked by axe-core (Deque's rule engine, pinned in package-lock.json) inside
headless Chromium: the shop page and its widget in both languages at desktop and phone widths,
and every console page as a lead and as an agent. A violation fails with axe's own help text."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from bot.complaints.policy import load_policy
from bot.insight.report import insight_report
from bot.insight.report_file import write_report
from bot.settings import PROJECT_ROOT
from bot.store import session_scope
from tests.bot.insight.test_report import NOVEMBER
from tests.bot.insight.test_report import history as report_history  # noqa: F401  (a fixture)
from tests.browser.test_console import _account, sign_in
from tests.browser.test_widget import open_chat, send, wait_for_session

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": 1280, "phone": 390}


@pytest.fixture
def checked_page(browser):
    """A page that may load axe-core beside the site's own scripts (the site's Content-Security-
    Policy would rightly refuse an injected script; the pages are checked as users get them).
    Motion is reduced, as the page honours it: colours are then measured as they settle, not
    half-way through the widget's fade-in."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True, reduced_motion="reduce")
    yield context.new_page()
    context.close()


def violations(page: Page) -> list[str]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now, one line each with the help text
    and the first offending elements."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                            targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""", WCAG_21_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps(v['targets'])}" for v in found]


def assert_accessible(page: Page, where: str) -> None:
    found = violations(page)
    assert not found, f"{where}:\n" + "\n".join(found)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_shop_page_and_its_widget(checked_page, bot, language, width):
    page = checked_page
    page.set_viewport_size({"width": WIDTHS[width], "height": 800})
    page.goto(f"{bot.web_url}/?lang={language}")
    expect(page.locator(".rw-launcher")).to_be_visible()
    assert_accessible(page, f"shop page, widget closed ({language}, {width})")
    open_chat(page, bot.web_url, language)
    send(page, "My parcel never arrived" if language == "en" else "Mi paquete no ha llegado")
    expect(page.locator(".rw-response")).to_have_count(2, timeout=30_000)
    assert_accessible(page, f"shop page, widget open with messages ({language}, {width})")
    durations = page.evaluate("""() => [...document.querySelectorAll('.rw-widget-container *')]
        .map(e => parseFloat(getComputedStyle(e).animationDuration) || 0)""")
    assert max(durations) <= 0.0001, "motion is reduced when the customer asks for it"


CONSOLE_PAGES = {
    "lead": ["/console/queue", "/console/conversations", "/console/figures", "/console/audit", "/console/privacy",
             "/console/whatif"],
    "agent": ["/console/queue", "/console/conversations"],
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", CONSOLE_PAGES)
def test_the_console_pages(checked_page, bot, conversation, role, width):
    page = checked_page
    page.set_viewport_size({"width": WIDTHS[width], "height": 800})
    handed_off = conversation("a11y")
    bot.say(handed_off, "I want to talk to a human", metadata={"language": "en"})
    page.goto(f"{bot.web_url}/console/login")
    assert_accessible(page, "console sign-in")
    name = {"lead": "lena_a11y", "agent": "ana_a11y"}[role]
    _account(bot, name, role)
    sign_in(page, bot.web_url, name)
    for path in CONSOLE_PAGES[role]:
        page.goto(bot.web_url + path)
        assert_accessible(page, f"{path} as {role} ({width})")
    page.goto(f"{bot.web_url}/console/conversations/{handed_off}")
    expect(page.get_by_role("button", name="Claim this conversation")).to_be_visible()
    assert_accessible(page, f"a handed-off conversation as {role} ({width})")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width], "no sideways scrolling"


@pytest.mark.usefixtures("report_history")  # the November cases, in demo_store
def test_the_monthly_insight_report(checked_page, demo_store, tmp_path):
    with session_scope(demo_store) as session:
        html, _ = write_report(insight_report(session, load_policy(), NOVEMBER), tmp_path)
    checked_page.goto(html.as_uri())
    expect(checked_page.locator("h1")).to_contain_text("Complaints insight report, 2026-11")
    assert checked_page.locator("figure img").count() > 0, "with its charts"
    assert_accessible(checked_page, "the monthly insight report")


def active(page: Page) -> dict:
    """What has the keyboard focus: its classes, its accessible name and its text."""
    return page.evaluate("""() => {
        const e = document.activeElement;
        return {cls: e.className || '', label: e.getAttribute('aria-label') || '', text: (e.textContent || '').trim(),
                tag: e.tagName.toLowerCase(), name: e.getAttribute('name') || ''};
    }""")


def tab_to(page: Page, wanted, backwards: bool = False, presses: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the focused element is the one `wanted(focus)` accepts."""
    for _ in range(presses):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if wanted(active(page)):
            return
    raise AssertionError(f"never reached by the keyboard; focus ended on {active(page)}")


KEYBOARD = {
    "en": {"opening": "The vase I ordered arrived broken", "refund": "A refund", "yes": "Yes, please",
           "ask_order": "order reference", "ask_email": "which email", "done": "is on its way",
           "open": "Open the chat with customer care", "close": "Close the chat", "send": "Send"},
    "es": {"opening": "Mi paquete no ha llegado", "refund": "Un reembolso", "yes": "Sí, por favor",
           "ask_order": "referencia de tu pedido", "ask_email": "correo electrónico", "done": "ya está en marcha",
           "open": "Abrir el chat con atención al cliente", "close": "Cerrar el chat", "send": "Enviar"},
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_whole_complaint_by_keyboard_alone(page, bot, fresh_order, language):
    words = KEYBOARD[language]
    order, email = fresh_order("ORD-10011" if language == "en" else "ORD-20001")
    page.goto(f"{bot.web_url}/?lang={language}")
    wait_for_session(page)
    tab_to(page, lambda focus: "rw-launcher" in focus["cls"])
    assert active(page)["label"] == words["open"]
    page.keyboard.press("Enter")
    expect(page.locator(".rw-new-message")).to_be_focused()
    assert page.locator(".rw-new-message").get_attribute("aria-label") in ("Your message", "Tu mensaje")

    for text, then in ((words["opening"], words["ask_order"]), (order, words["ask_email"]), (email, words["refund"])):
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        expect(page.locator(".rw-widget-container")).to_contain_text(then, timeout=30_000)
    for choice, then in ((words["refund"], words["yes"]), (words["yes"], words["done"])):
        tab_to(page, lambda focus, choice=choice: focus["text"] == choice, backwards=True)
        page.keyboard.press("Enter")
        expect(page.locator(".rw-widget-container")).to_contain_text(then, timeout=30_000)

    page.keyboard.press("Escape")
    expect(page.locator(".rw-conversation-container")).to_have_count(0)
    expect(page.locator(".rw-launcher")).to_be_focused()
    assert active(page)["label"] == words["open"]


def test_bot_messages_are_announced_and_marked_with_their_language(page, bot):
    page.goto(f"{bot.web_url}/?lang=en")
    wait_for_session(page)
    page.click(".rw-launcher")
    announcer = page.locator("#chat-announcer")
    assert (announcer.get_attribute("role"), announcer.get_attribute("aria-live")) == ("log", "polite")
    page.fill(".rw-new-message", "hello")
    page.keyboard.press("Enter")
    expect(announcer.locator("p[lang=en]")).to_have_count(1, timeout=30_000)
    greeting = page.locator(".rw-response").last
    expect(greeting).to_have_attribute("lang", "en")
    assert announcer.locator("p").last.text_content() == greeting.text_content()
    expect(page.locator(".rw-send")).to_have_attribute("aria-label", "Send")

    page.fill(".rw-new-message", "hola, me llegó el jarrón roto")  # the customer switches to Spanish
    page.keyboard.press("Enter")
    expect(announcer.locator("p[lang=es]").first).to_be_attached(timeout=30_000)
    expect(page.locator(".rw-response").last).to_have_attribute("lang", "es")
    expect(page.locator(".rw-send")).to_have_attribute("aria-label", "Enviar")
    expect(page.locator(".rw-new-message")).to_have_attribute("aria-label", "Tu mensaje")
    assert announcer.locator("p[lang=es]").first.text_content().startswith(("Lamento", "Siento"))


@pytest.mark.parametrize("width", [320, 640])  # a phone, and 1280 px at 200 % zoom
def test_the_open_widget_reflows_without_sideways_scrolling(page, bot, width):
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(f"{bot.web_url}/?lang=es")
    wait_for_session(page)
    page.click(".rw-launcher")
    expect(page.locator(".rw-new-message")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    box = page.locator(".rw-new-message").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width


def test_an_agent_claims_and_replies_by_keyboard_on_accessible_pages(checked_page, bot, conversation):
    page = checked_page
    handed_off = conversation("a11y-keys")
    bot.say(handed_off, "Quiero hablar con una persona", metadata={"language": "es"})
    _account(bot, "kbd_agent", "agent")
    page.goto(f"{bot.web_url}/console/login")
    expect(page.locator("input[name=name]")).to_be_focused()  # autofocus lands after load: wait for it
    page.keyboard.type("kbd_agent")
    page.keyboard.press("Tab")
    page.keyboard.type("console password 1")
    page.keyboard.press("Enter")
    expect(page.locator("header")).to_contain_text("kbd_agent")

    page.goto(f"{bot.web_url}/console/conversations/{handed_off}")
    page.keyboard.press("Tab")
    assert active(page)["text"] == "Skip to content"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    transcript = page.locator("#transcript")
    assert (transcript.get_attribute("role"), transcript.get_attribute("aria-live")) == ("log", "polite")
    expect(transcript.locator(".turn.customer .text").first).to_have_attribute("lang", "es")
    tab_to(page, lambda focus: focus["text"] == "Claim this conversation")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You hold this conversation")).to_be_visible()
    assert_accessible(page, "a conversation the agent holds")
    tab_to(page, lambda focus: focus["tag"] == "textarea" and focus["name"] == "text")
    page.keyboard.type("Hola, soy Ana. Lo reviso ahora mismo.")
    page.keyboard.press("Tab")
    assert active(page)["name"] == "by_email", "next: whether to send it by email too"
    tab_to(page, lambda focus: focus["text"] == "Send")
    page.keyboard.press("Enter")
    expect(transcript.locator(".turn.agent .text", has_text="Lo reviso ahora mismo")).to_be_visible(timeout=10_000)
    said = [e for e in bot.tracker(handed_off)["events"] if e["event"] == "bot"][-1]
    assert said["text"] == "Hola, soy Ana. Lo reviso ahora mismo." and said["metadata"]["language"] == "es"


def claim_by_keyboard(page: Page, bot, conversation_id: str, agent: str) -> None:
    """Sign in and claim the conversation, keys only."""
    _account(bot, agent, "agent")
    page.goto(f"{bot.web_url}/console/login")
    expect(page.locator("input[name=name]")).to_be_focused()
    page.keyboard.type(agent)
    page.keyboard.press("Tab")
    page.keyboard.type("console password 1")
    page.keyboard.press("Enter")
    expect(page.locator("header")).to_contain_text(agent)
    page.goto(f"{bot.web_url}/console/conversations/{conversation_id}")
    tab_to(page, lambda focus: focus["text"] == "Claim this conversation")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You hold this conversation")).to_be_visible()


def test_an_agent_closes_by_keyboard_and_a_refused_note_is_tied_to_its_field(checked_page, bot, conversation):
    page = checked_page
    handed_off = conversation("a11y-close")
    bot.say(handed_off, "I want to talk to a human", metadata={"language": "en"})
    claim_by_keyboard(page, bot, handed_off, "kbd_closer")
    tab_to(page, lambda focus: focus["tag"] == "textarea" and focus["name"] == "note")
    page.keyboard.type("   ")  # the browser lets blanks through; the server refuses them
    tab_to(page, lambda focus: focus["text"] == "Close the case")
    page.keyboard.press("Enter")
    note = page.locator("textarea[name=note]")
    expect(note).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + note.get_attribute("aria-describedby"))).to_have_text("This field is required.")
    assert_accessible(page, "a refused close")
    tab_to(page, lambda focus: focus["tag"] == "textarea" and focus["name"] == "note")
    page.keyboard.type("Refunded by phone.")
    tab_to(page, lambda focus: focus["text"] == "Close the case")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Refunded by phone.")).to_be_visible()
    expect(page.locator("textarea[name=note]")).to_have_count(0)


def test_an_agent_hands_back_to_the_bot_by_keyboard(checked_page, bot, conversation):
    page = checked_page
    handed_off = conversation("a11y-back")
    bot.say(handed_off, "Quiero hablar con una persona", metadata={"language": "es"})
    claim_by_keyboard(page, bot, handed_off, "kbd_handback")
    tab_to(page, lambda focus: focus["text"] == "Hand back to the bot")
    page.keyboard.press("Enter")
    expect(page.get_by_text("You hold this conversation")).to_have_count(0)
    said = [e for e in bot.tracker(handed_off)["events"] if e["event"] == "bot"][-1]
    assert said["text"].startswith("Mi compañero me ha vuelto a pasar la conversación"), "back, in Spanish"
