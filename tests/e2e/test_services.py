"""The bot on the real services: conversations in PostgreSQL, events on RabbitMQ, locks in Redis."""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import create_engine, text

from tests.services import queued_events


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
    sender = conversation()
    bot.say(sender, "hello")
    events = queued_events(bot.env["RABBITMQ_URL"], sender, lambda got: {"user", "bot"} <= {e["event"] for e in got})
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
