"""The widget's channel: socket.io with server-issued session tokens and customData metadata.

Guards the known trap too: with python-socketio >= 5.10 Rasa 3.6 answers but never joins the
session room, so nothing reaches the client (RasaHQ/rasa#13027)."""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Optional

import socketio

from tests.services import run_async


@dataclass
class WidgetClient:
    """A socket.io client that behaves like the widget: asks for a session, keeps the token."""

    url: str
    transports: list[str] = field(default_factory=lambda: ["websocket"])
    client: socketio.AsyncClient = field(default_factory=socketio.AsyncClient)
    inbox: asyncio.Queue = field(default_factory=asyncio.Queue)
    token: Optional[str] = None
    rejoined: asyncio.Event = field(default_factory=asyncio.Event)

    async def open(self, session_id: Optional[str] = None) -> str:
        confirmed: asyncio.Queue = asyncio.Queue()
        self.client.on("bot_uttered", lambda data: self.inbox.put_nowait(data))
        self.client.on("session_confirm", lambda token: confirmed.put_nowait(token))
        await self.client.connect(self.url, socketio_path="/socket.io", transports=self.transports)
        await self.client.emit("session_request", {"session_id": session_id})
        self.token = await asyncio.wait_for(confirmed.get(), 10)
        return self.token

    def rejoin_on_reconnect(self) -> None:
        """As the widget does: after a lost connection, ask for the same session again."""

        async def rejoin() -> None:
            await self.client.emit("session_request", {"session_id": self.token})

        self.client.on("connect", rejoin)
        self.client.on("session_confirm", lambda token: self.rejoined.set() if token == self.token else None)

    async def wait_rejoined(self, seconds: float) -> None:
        await asyncio.wait_for(self.rejoined.wait(), seconds)

    async def say(self, text: str, custom_data: Optional[dict] = None, session_id: Optional[str] = None) -> None:
        await self.client.emit("user_uttered", {"message": text, "session_id": session_id or self.token,
                                                "customData": custom_data or {}})

    async def replies(self, wait: float = 30, settle: float = 1.0) -> list[dict]:
        """The replies to the last message: the first within `wait` seconds, then all that follow."""
        got = [await asyncio.wait_for(self.inbox.get(), wait)]
        await asyncio.sleep(settle)
        while not self.inbox.empty():
            got.append(self.inbox.get_nowait())
        return got

    async def close(self) -> None:
        await self.client.disconnect()


async def chat(url: str, messages: list[tuple[str, dict]]) -> tuple[str, list[list[dict]]]:
    """Opens a session, sends each message and collects the bot's replies; returns the token too."""
    widget = WidgetClient(url)
    token = await widget.open()
    replies = []
    for text, custom_data in messages:
        await widget.say(text, custom_data)
        replies.append(await widget.replies())
    await widget.close()
    return token, replies


def test_replies_reach_the_socketio_client_in_the_pinned_language(bot):
    token, replies = run_async(chat(bot.url, [("hello", {}), ("ok", {"language": "es"})]))
    assert replies[0][0]["text"].startswith("Hi!")
    assert replies[1][0]["text"].startswith("¿En qué puedo ayudarte?")
    assert [r[0]["metadata"]["language"] for r in replies] == ["en", "es"], "each message says its language"
    conversation = bot.conversation_of(token)
    assert bot.tracker(conversation)["sender_id"] == conversation, "the token's conversation is Rasa's sender id"


def test_a_returning_widget_keeps_its_conversation(bot):
    async def come_back() -> tuple[str, str, list[dict]]:
        first = WidgetClient(bot.url)
        token = await first.open()
        await first.say("my parcel never arrived")
        await first.replies()
        await first.close()
        again = WidgetClient(bot.url)
        kept = await again.open(token)
        await again.say("ok")
        replies = await again.replies()
        await again.close()
        return token, kept, replies

    token, kept, replies = run_async(come_back())
    assert kept == token
    assert "order reference" in replies[0]["text"], "the complaint form carries on where it was"
