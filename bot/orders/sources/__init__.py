"""Where the company's records come from: our own store, fed by the import (the embedded default),
or a shop read live (`RECORDS_SOURCE=medusa`). Either way the bot reads orders from our store; a live
source first brings the order a customer names into it, starting as the customer names it (in the
background: the bot asks for the email meanwhile) and finished before the email is checked.

Choosing the source by setting, and the fetch started early; each source is its own module.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError
from functools import lru_cache
from typing import Optional

from sqlalchemy.orm import Session

from bot import settings
from bot.orders.sources.base import RecordsSource, SourceUnavailable
from bot.orders.sources.medusa import MedusaClient, MedusaSource
from bot.store import session_scope

__all__ = ["RecordsSource", "SourceUnavailable", "live_source", "prefetch_named_order", "refresh_named_order"]
WAIT_SECONDS = 30.0  # longer than a fetch's timeout and its one retry
_fetching: dict[str, Future] = {}
_fetching_lock = threading.Lock()
_fetchers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="records-prefetch")


@lru_cache(maxsize=1)
def live_source() -> Optional[RecordsSource]:
    """The live source the settings name, or None when our store is the source."""
    if settings.records_source() == "medusa":
        return MedusaSource(MedusaClient(settings.medusa_url(), settings.medusa_api_key()))
    return None


def _fetch(source: RecordsSource, reference: str) -> bool:
    with session_scope() as session:
        return source.refresh(session, reference)


def prefetch_named_order(reference: str) -> None:
    """The customer has just named the order: the live source starts bringing it in, in the
    background, so the shop's answer does not hold up the bot's next question."""
    source = live_source()
    if source is None:
        return
    with _fetching_lock:
        if reference not in _fetching:
            if len(_fetching) > 1000:  # names never followed by an email: forget the oldest
                _fetching.pop(next(iter(_fetching)))
            _fetching[reference] = _fetchers.submit(_fetch, source, reference)


def refresh_named_order(session: Session, reference: str) -> None:
    """Before the identity check reads the order a customer named: the fetch started when it was
    named, finished (or, when none was started in this process, done now). Nothing at all with our
    store as the source. Raises SourceUnavailable."""
    source = live_source()
    if source is None:
        return
    with _fetching_lock:
        started = _fetching.pop(reference, None)
    if started is None:
        source.refresh(session, reference)
        return
    try:
        started.result(timeout=WAIT_SECONDS)
    except TimeoutError:
        raise SourceUnavailable("the shop's answer took too long") from None
