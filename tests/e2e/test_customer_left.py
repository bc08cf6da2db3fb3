"""A customer handed to a person over the widget's socket.io channel, with a person available: while
the chat is open the agent's reply stays in it; once the customer has closed it, the next reply
also goes by email to the address they proved (audited as "customer left")."""
from __future__ import annotations

import asyncio
import re
import time
from datetime import datetime

from sqlalchemy import select

from bot.handoff.widget_presence import customer_present
from bot.store import session_scope
from bot.store.models import AuditEntry
from tests.e2e.test_handoff_availability import _sign_in
from tests.e2e.test_socketio import WidgetClient
from tests.services import run_async


def _present(bot, conversation: str) -> bool:
    with session_scope(bot.engine) as session:
        return customer_present(session, conversation, datetime.utcnow())


def _until(check, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return check()


def test_a_reply_to_a_customer_who_left_the_chat_goes_by_email(bot, fresh_order):
    order, address = fresh_order("ORD-10001")
    agent = _sign_in(bot, "left_tester")  # someone is available: nothing is promised by email
    before = len(bot.mailbox.received)

    def while_open(conversation: str) -> tuple[str, str]:
        page = agent.get(f"{bot.web_url}/console/conversations/{conversation}").text
        case_id = re.search(r"/console/cases/(\d+)/claim", page).group(1)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        held = agent.post(f"{bot.web_url}/console/cases/{case_id}/claim", data={"csrf_token": token})
        assert _present(bot, conversation) and "The customer has the chat open now." in held.text
        agent.post(f"{bot.web_url}/console/cases/{case_id}/reply",
                   data={"csrf_token": token, "text": "Hello, I'm looking now."}).raise_for_status()
        assert bot.mailbox.received[before:] == [], "in the chat only"
        return case_id, token

    def after_leaving(conversation: str, case_id: str, token: str) -> None:
        assert _until(lambda: not _present(bot, conversation)), "the closed widget no longer counts"
        page = agent.get(f"{bot.web_url}/console/conversations/{conversation}").text
        assert "The customer has left the chat" in page
        agent.post(f"{bot.web_url}/console/cases/{case_id}/reply",
                   data={"csrf_token": token, "text": "Found it: a new parcel leaves today."}).raise_for_status()
        [letter] = bot.mailbox.new_since(before)
        assert letter["To"] == address.lower() and "a new parcel leaves today" in letter.get_content()
        with session_scope(bot.engine) as session:
            audited = session.execute(select(AuditEntry).where(AuditEntry.action == "reply_by_email",
                                                               AuditEntry.target == conversation)).scalar_one()
            assert audited.detail["because"] == "customer left"

    async def scenario() -> None:
        """The widget's socket stays open (in this event loop) until the customer leaves."""
        widget = WidgetClient(bot.url)
        conversation = bot.conversation_of(await widget.open())
        for text in (f"My parcel never arrived, order {order}", address, "I want to talk to a human"):
            await widget.say(text, {"language": "en"})
            await widget.replies()
        loop = asyncio.get_running_loop()
        case_id, token = await loop.run_in_executor(None, while_open, conversation)
        await widget.close()
        await loop.run_in_executor(None, after_leaving, conversation, case_id, token)

    try:
        run_async(scenario())
    finally:
        bot.nobody_available()
