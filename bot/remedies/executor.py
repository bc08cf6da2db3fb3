"""Carrying out a pending remedy in the shop, exactly once whatever is retried, restarted or raced:
claim it (one worker at a time, for a lease), ask the shop whether it already acted under the
remedy's key (a worker that died after the shop's answer and before our commit), act only if not,
then record what the shop did. The reconciler does the same for every pending remedy nobody holds.

Steps only; the rows are `bot.remedies.pending`'s, the shop's calls `bot.remedies.shop`'s.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy.engine import Engine

from bot.orders.sources.base import SourceUnavailable
from bot.remedies.pending import REFUNDS, claim, complete, due, release
from bot.remedies.shop import ShopRemedies
from bot.store import session_scope
from bot.store.models import ShopRemedy

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)  # longer than the shop's timeout and one retry, twice over


def carry_out(engine: Engine, remedy_id: int, shop: ShopRemedies, lease: timedelta = LEASE,
              now: Optional[datetime] = None) -> Optional[str]:
    """The shop's id for what was done, or None when another worker holds the remedy, it is done
    already, or the shop could not be asked (it stays pending for the reconciler)."""
    now = now or datetime.utcnow()
    with session_scope(engine) as session:
        if not claim(session, remedy_id, now, lease):
            return None
        remedy = session.get(ShopRemedy, remedy_id)
        assert remedy is not None  # claimed, so it exists
        order_reference = remedy.case.order.reference
        key, kind, amount, currency = remedy.key, remedy.remedy, remedy.amount, remedy.currency
    try:
        done = shop.done_under(order_reference, key) or (
            shop.refund(order_reference, amount, key) if kind in REFUNDS
            else shop.replacement(order_reference, key) if kind == "replacement"
            else shop.voucher(amount, currency, key))
    except SourceUnavailable as error:
        logger.warning("remedy %s not carried out yet: %s", key, error)
        with session_scope(engine) as session:
            release(session, remedy_id, str(error))
        return None
    with session_scope(engine) as session:
        complete(session, remedy_id, done, datetime.utcnow())
    logger.info("remedy %s carried out in the shop: %s", key, done)
    return done


def reconcile(engine: Engine, shop: ShopRemedies, lease: timedelta = LEASE, now: Optional[datetime] = None) -> int:
    """Carries out every pending remedy nobody holds (at start and periodically); how many were done."""
    now = now or datetime.utcnow()
    with session_scope(engine) as session:
        waiting = due(session, now)
    return sum(carry_out(engine, remedy_id, shop, lease, now) is not None for remedy_id in waiting)
