"""The widget's channel: socket.io with session persistence and customData metadata.

Guards the known trap too: with python-socketio >= 5.10 Rasa 3.6 answers but never joins the
session room, so nothing reaches the client (RasaHQ/rasa#13027)."""
from __future__ import annotations

import asyncio
import uuid

import socketio

from tests.services import run_async


async def chat(url: str, session_id: str, messages: list[tuple[str, dict]]) -> list[list[dict]]:
    """Sends each message and collects the bot's replies to it."""
    client = socketio.AsyncClient()
    inbox: asyncio.Queue = asyncio.Queue()
    confirmed = asyncio.Event()
    client.on("bot_uttered", lambda data: inbox.put_nowait(data))
    client.on("session_confirm", lambda *_: confirmed.set())
    await client.connect(url, socketio_path="/socket.io", transports=["websocket"])
    await client.emit("session_request", {"session_id": session_id})
    await asyncio.wait_for(confirmed.wait(), 10)
    replies = []
    for text, custom_data in messages:
        await client.emit("user_uttered", {"message": text, "session_id": session_id, "customData": custom_data})
        got = [await asyncio.wait_for(inbox.get(), 30)]
        await asyncio.sleep(1.0)
        while not inbox.empty():
            got.append(inbox.get_nowait())
        replies.append(got)
    await client.disconnect()
    return replies


def test_replies_reach_the_socketio_client_in_the_pinned_language(bot):
    session = uuid.uuid4().hex
    replies = run_async(chat(bot.url, session, [("hello", {}), ("ok", {"language": "es"})]))
    assert replies[0][0]["text"].startswith("Hi!")
    assert replies[1][0]["text"].startswith("¿En qué puedo ayudarte?")
    assert bot.tracker(session)["sender_id"] == session, "the widget's session id is Rasa's sender id"
