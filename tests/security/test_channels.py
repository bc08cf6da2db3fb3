"""The public channels on the real Rasa server: what a stranger sends is checked at the edge.

REST requests without a sender of their own are refused instead of merged into one shared
conversation; over-long messages are refused politely without stalling anyone else; a socket.io
client cannot read or write another customer's chat."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.e2e.test_socketio import WidgetClient
from tests.services import run_async

MEGABYTE = 1_000_000


def post(bot, body, **kwargs) -> requests.Response:
    return requests.post(f"{bot.url}/webhooks/rest/webhook", timeout=120, **kwargs,
                         **({"json": body} if not isinstance(body, (str, bytes)) else {"data": body}))


@pytest.mark.parametrize("body", [
    {"message": "my parcel never arrived"},
    {"sender": None, "message": "hello"},
    {"sender": "", "message": "hello"},
    {"sender": 42, "message": "hello"},
    {"sender": ["c-1"], "message": "hello"},
    {"sender": "x" * 129, "message": "hello"},
    {"sender": "<b>c</b>", "message": "hello"},
    {"sender": "c-ok", "message": {"text": "hello"}},
    {"sender": "c-ok", "message": "hello", "metadata": ["es"]},
    ["sender", "message"],
    "not json at all",
])
def test_rest_refuses_what_is_not_one_customers_message(bot, body):
    response = post(bot, body)
    assert response.status_code == 400, response.text[:200]
    assert not [e for e in bot.tracker("default")["events"] if e["event"] == "user"], \
        "nothing reaches a shared 'default' conversation"


@pytest.mark.parametrize("request_id", ["short", "x" * 65, "<script>alert(1)</script>", "a b c d e f g h"])
def test_rest_refuses_an_odd_request_id(bot, conversation, request_id):
    sender = conversation("odd-id")
    response = post(bot, {"sender": sender, "message": "hello"}, headers={"X-Request-Id": request_id})
    assert response.status_code == 400 and "X-Request-Id" in response.text
    assert not [e for e in bot.tracker(sender)["events"] if e["event"] == "user"]


def test_an_over_long_message_is_refused_politely_and_nobody_waits(bot, conversation):
    long_en = "my parcel never arrived and " * (MEGABYTE // 28)
    one_at = "a" * 150_000 + "@" + "b" * 150_000
    long_es = "mi paquete nunca llegó y nadie me responde " * 2500
    with ThreadPoolExecutor(max_workers=3) as pool:
        pending = {name: pool.submit(post, bot, {"sender": conversation(name), "message": text})
                   for name, text in (("mb", long_en), ("at", one_at), ("es", long_es))}
        meanwhile = bot.say(conversation("other"), "hello")
        replies = {name: future.result().json() for name, future in pending.items()}
    assert meanwhile[0]["text"].startswith("Hi!"), "another customer is answered meanwhile"
    assert "too long" in replies["mb"][0]["text"] and "5000 characters" in replies["mb"][0]["text"]
    assert "too long" in replies["at"][0]["text"]
    assert "demasiado largo" in replies["es"][0]["text"]
    sender = conversation("after")
    assert bot.say(sender, "x" * 5000)[0]["text"], "a message at the limit is still read"


def test_a_body_over_two_megabytes_is_refused_before_it_is_read(bot, conversation):
    response = post(bot, {"sender": conversation("huge"), "message": "x" * (3 * MEGABYTE)})
    assert response.status_code == 413


def test_an_over_long_message_is_refused_on_socketio_too(bot):
    async def send_long() -> list[dict]:
        widget = WidgetClient(bot.url)
        await widget.open()
        await widget.say("my parcel never arrived " * 10_000, {"language": "en"})
        replies = await widget.replies()
        await widget.close()
        return replies

    assert "too long" in run_async(send_long())[0]["text"]


def test_socketio_client_cannot_join_or_write_into_another_customers_chat(bot):
    async def attempt() -> tuple[str, str, list[dict], list[dict]]:
        victim, attacker = WidgetClient(bot.url), WidgetClient(bot.url)
        token = await victim.open()
        victim_conversation = bot.conversation_of(token)
        await victim.say("my parcel never arrived")
        await victim.replies()
        # The attacker knows the victim's conversation id (as a console URL or an export shows it).
        attacker_token = await attacker.open(victim_conversation)
        await attacker.say("ORD-10001", session_id=victim_conversation)
        attacker_got = await attacker.replies()
        victim_got = []
        try:
            victim_got = await victim.replies(wait=3)
        except asyncio.TimeoutError:
            pass
        await victim.close()
        await attacker.close()
        return victim_conversation, attacker_token, attacker_got, victim_got

    victim_conversation, attacker_token, attacker_got, victim_got = run_async(attempt())
    assert bot.conversation_of(attacker_token) != victim_conversation, "the attacker gets a chat of their own"
    assert victim_got == [], "the victim's widget receives nothing of the attacker's exchange"
    texts = [e.get("text") for e in bot.tracker(victim_conversation)["events"] if e["event"] == "user"]
    assert texts == ["my parcel never arrived"], "nothing was written into the victim's conversation"
    assert attacker_got, "the attacker is answered, in their own conversation"


def test_socketio_messages_without_a_session_are_ignored(bot):
    async def without_session() -> list[dict]:
        widget = WidgetClient(bot.url)
        await widget.client.connect(bot.url, socketio_path="/socket.io", transports=["websocket"])
        widget.client.on("bot_uttered", lambda data: widget.inbox.put_nowait(data))
        await widget.say("hello", session_id="c-someone-else")
        try:
            return await widget.replies(wait=3)
        except asyncio.TimeoutError:
            return []
        finally:
            await widget.close()

    assert run_async(without_session()) == []
    assert bot.tracker("c-someone-else")["events"] in ([], None) or not [
        e for e in bot.tracker("c-someone-else")["events"] if e["event"] == "user"]


def test_a_nul_character_in_a_complaint_loses_nothing(bot, conversation, fresh_order):
    order, email = fresh_order("ORD-10001")
    sender = conversation("nul")
    bot.say(sender, "my parcel\x00 never arrived at my house")  # the details a case keeps, in PostgreSQL in CI
    bot.say(sender, order)
    bot.say(sender, email)
    replies = bot.say(sender, "A refund")
    assert any("refund of" in (r.get("text") or "") for r in replies), replies
