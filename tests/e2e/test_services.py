"""The bot on the real services: conversations in PostgreSQL, events on RabbitMQ, locks in Redis."""
from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import create_engine, text

from bot.serving.endpoints import EVENT_QUEUE
from tests.services import run_async


def test_conversations_are_kept_in_the_sql_tracker_store(bot, conversation):
    sender = conversation()
    bot.say(sender, "hello")
    engine = create_engine(bot.env["TRACKER_STORE_URL"], future=True)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}).scalar_one()
    engine.dispose()
    assert rows >= 3


def test_events_reach_rabbitmq(bot, conversation):
    if "RABBITMQ_URL" not in bot.env:
        pytest.skip("RabbitMQ is not running")
    import aio_pika

    sender = conversation()
    bot.say(sender, "hello")

    async def drain() -> list[dict]:
        connection = await aio_pika.connect_robust(bot.env["RABBITMQ_URL"])
        async with connection:
            channel = await connection.channel()
            queue = await channel.declare_queue(EVENT_QUEUE, durable=True)
            found = []
            while True:
                message = await queue.get(fail=False, timeout=5)
                if message is None:
                    return found
                await message.ack()
                event = json.loads(message.body)
                if event.get("sender_id") == sender:
                    found.append(event)

    events = run_async(drain())
    assert {"user", "bot"} <= {e["event"] for e in events}


def test_rasa_takes_its_conversation_lock_in_redis(bot, conversation):
    if "REDIS_URL" not in bot.env:
        pytest.skip("Redis is not running")
    import redis

    sender = conversation()
    commands: list[str] = []

    def watch() -> None:
        with redis.Redis.from_url(bot.env["REDIS_URL"]).monitor() as monitor:
            for command in monitor.listen():
                commands.append(command["command"])
                if sender in command["command"] and "DEL" in command["command"].upper():
                    return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    time.sleep(0.5)
    bot.say(sender, "hello")
    watcher.join(timeout=10)
    assert any(f"lock:{sender}" in c for c in commands), commands[-5:]
