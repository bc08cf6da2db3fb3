"""Which local services (PostgreSQL, Redis, RabbitMQ) the tests can use.

Probing only. With REQUIRE_SERVICES=1 (set by .ci/run) a missing service fails the run
instead of skipping the tests that need it.
"""
from __future__ import annotations

import os
import socket

import pytest

from bot.store.databases import create_database, drop_database

POSTGRES_ADMIN = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def require(service: str, port: int) -> None:
    """Skip (locally) or fail (REQUIRE_SERVICES=1) when a service is not listening."""
    if port_open(port):
        return
    message = f"{service} is not running on 127.0.0.1:{port}"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(message + " and REQUIRE_SERVICES=1", pytrace=False)
    pytest.skip(message)


def create_postgres_database() -> str:
    """A new empty PostgreSQL database; returns its SQLAlchemy URL."""
    require("PostgreSQL", 5432)
    return create_database(POSTGRES_ADMIN, "complaint_test")


def drop_postgres_database(url: str) -> None:
    drop_database(POSTGRES_ADMIN, url)


def run_async(coroutine):
    """Run a coroutine to completion in a thread of its own: Playwright's sync API keeps an
    event loop running in the main thread for the rest of the session."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def queued_events(rabbitmq_url: str, sender: str, enough, seconds: float = 60) -> list[dict]:
    """The conversation's events taken off the bot's RabbitMQ queue (others' are taken and dropped),
    until `enough(events)` holds or `seconds` have passed."""
    import asyncio
    import json
    import time

    import aio_pika

    from bot.serving.endpoints import EVENT_QUEUE

    async def take() -> list[dict]:
        events: list[dict] = []
        deadline = time.monotonic() + seconds
        connection = await aio_pika.connect_robust(rabbitmq_url)
        async with connection:
            queue = await (await connection.channel()).declare_queue(EVENT_QUEUE, durable=True)
            while not enough(events) and time.monotonic() < deadline:
                message = await queue.get(fail=False, timeout=5)
                if message is None:
                    await asyncio.sleep(0.5)
                    continue
                await message.ack()
                event = json.loads(message.body)
                if event.get("sender_id") == sender:
                    events.append(event)
        return events

    return run_async(take())
