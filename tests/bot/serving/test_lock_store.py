"""The Redis lock store on the real Redis: a message waiting behind the ticket of a server that died
gets the lock once that ticket expires, where Rasa's own store waits forever."""
from __future__ import annotations

import asyncio
import uuid

import pytest
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.serving import lock_store
from bot.serving.lock_store import RenewingRedisLockStore
from tests.services import require

LIFETIME = 2  # seconds a ticket lives without being renewed
POLL = 1.5  # seconds between a waiting message's looks at the lock


@pytest.fixture
def redis_config(monkeypatch) -> EndpointConfig:
    require("Redis", 6379)
    monkeypatch.setattr(lock_store, "LOCK_LIFETIME", LIFETIME)
    return EndpointConfig(url="127.0.0.1", port=6379, db=0, key_prefix=f"test-{uuid.uuid4().hex}")


async def _wait_behind_a_dead_holder(store: RedisLockStore) -> bool:
    """A dead server's ticket, then ours 0.2 s later: both expire between two of our looks."""
    conversation = "customer-1"
    store.issue_ticket(conversation, LIFETIME)  # never released: its server died holding it
    await asyncio.sleep(0.2)
    try:
        async with store.lock(conversation, lock_lifetime=LIFETIME, wait_time_in_seconds=POLL):
            return True
    finally:
        store.delete_lock(conversation)


def test_a_message_behind_a_dead_servers_ticket_gets_the_lock(redis_config):
    store = RenewingRedisLockStore(redis_config)
    assert asyncio.run(asyncio.wait_for(_wait_behind_a_dead_holder(store), timeout=10))


def test_rasas_own_store_waits_forever_there():
    """Why the renewing store exists; if a Rasa upgrade fixes this, the subclass can go."""
    require("Redis", 6379)
    store = RedisLockStore(host="127.0.0.1", port=6379, db=0, key_prefix=f"test-{uuid.uuid4().hex}")
    with pytest.raises(asyncio.TimeoutError):
        asyncio.run(asyncio.wait_for(_wait_behind_a_dead_holder(store), timeout=8))


def test_the_line_keeps_its_order(redis_config):
    """Renewing a waiting ticket keeps it behind the one before it: the holder is served first."""
    store = RenewingRedisLockStore(redis_config)
    first, second = store.issue_ticket("c", LIFETIME), store.issue_ticket("c", LIFETIME)
    store.renew("c", second)
    lock = store.get_lock("c")
    assert [ticket.number for ticket in lock.tickets] == [first, second]
    assert not lock.is_locked(first) and lock.is_locked(second)
    store.delete_lock("c")
