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
from tests.services import require, run_async


@pytest.fixture
def redis_config() -> EndpointConfig:
    require("Redis", 6379)
    return EndpointConfig(url="127.0.0.1", port=6379, db=0, key_prefix=f"test-{uuid.uuid4().hex}")


async def _wait_behind_a_dead_holder(store: RedisLockStore, lifetime: float, poll: float) -> bool:
    """A dead server's ticket, then ours 0.2 s later, both living `lifetime` seconds; we look at the
    lock every `poll` seconds."""
    conversation = "customer-1"
    store.issue_ticket(conversation, lifetime)  # never released: its server died holding it
    await asyncio.sleep(0.2)
    try:
        async with store.lock(conversation, lock_lifetime=lifetime, wait_time_in_seconds=poll):
            return True
    finally:
        store.delete_lock(conversation)


async def _within(seconds: float, waiting) -> bool:
    return await asyncio.wait_for(waiting, timeout=seconds)


def test_rasas_own_store_waits_forever_when_both_tickets_expire_between_two_looks(redis_config):
    """Why the renewing store exists; if a Rasa upgrade fixes this, the subclass can go. Both tickets
    live 2 s and the first look is after 5 s, whatever the machine's load."""
    store = RedisLockStore(host=redis_config.url, **redis_config.kwargs)
    with pytest.raises(asyncio.TimeoutError):
        run_async(_within(9, _wait_behind_a_dead_holder(store, lifetime=2, poll=5)))


def test_ours_gets_the_lock_there(redis_config):
    """The same case: our ticket expired too, and is put back in its place in the line."""
    store = RenewingRedisLockStore(redis_config)
    assert run_async(_within(9, _wait_behind_a_dead_holder(store, lifetime=2, poll=5)))


def test_a_waiting_ticket_is_renewed_while_it_waits(redis_config, monkeypatch):
    """Looking every second, ours outlives its 3 s and is served once the dead one's 3 s are over."""
    monkeypatch.setattr(lock_store, "LOCK_LIFETIME", 3)
    store = RenewingRedisLockStore(redis_config)
    assert run_async(_within(12, _wait_behind_a_dead_holder(store, lifetime=3, poll=1)))


def test_the_line_keeps_its_order(redis_config):
    """Renewing a waiting ticket keeps it behind the one before it: the holder is served first."""
    store = RenewingRedisLockStore(redis_config)
    first, second = store.issue_ticket("c", 2), store.issue_ticket("c", 2)
    store.renew("c", second)
    lock = store.get_lock("c")
    assert [ticket.number for ticket in lock.tickets] == [first, second]
    assert not lock.is_locked(first) and lock.is_locked(second)
    store.delete_lock("c")
