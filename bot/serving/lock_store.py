"""Rasa's Redis lock store, without its wait that never ends.

Rasa locks a conversation with tickets served in turn, each with a lifetime (60 s, or
`TICKET_LOCK_LIFETIME`) counted from when it was issued, so that the ticket of a server that died
while holding the lock expires. But a message waiting its turn behind that ticket has a ticket of
the same lifetime: when the two were issued less than Rasa's one-second poll apart, both expire
between two polls, and the waiting message finds the lock empty and its own ticket gone. Rasa 3.6
then waits forever: its poll only ends when its own ticket is served. The message is never
answered, and the conversation's next message runs while this one still waits. Measured with two
instances behind HAProxy: a request retried after its instance was killed waited until HAProxy
gave up (tests/e2e/test_several_instances.py).

Here a waiting message renews its own ticket at every poll: it is alive, so its ticket lasts. Only
the ticket of a server that stopped polling (a dead one, or one still working past the lifetime)
expires. Configured in `endpoints.yml` (`bot.serving.endpoints`) when `REDIS_URL` is set.
"""
from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Text

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig


class RenewingRedisLockStore(RedisLockStore):
    """Redis lock store whose waiting tickets are renewed while they wait."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    async def _acquire_lock(self, conversation_id: Text, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if not lock:
                raise LockError(f"The lock of conversation '{conversation_id}' is gone.")
            if not lock.is_locked(ticket):
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            self.renew(conversation_id, ticket)

    def renew(self, conversation_id: Text, ticket: int) -> None:
        """Drop the expired tickets and give `ticket` a full lifetime again, in its place in the line
        (put back there if it expired all the same, say while this process was stalled)."""
        lock = self.get_lock(conversation_id)
        if lock:
            lock.remove_expired_tickets()
            others = [waiting for waiting in lock.tickets if waiting.number != ticket]
            renewed = Ticket(ticket, time.time() + LOCK_LIFETIME)
            lock.tickets = deque(sorted([*others, renewed], key=lambda waiting: waiting.number))
            self.save_lock(lock)
