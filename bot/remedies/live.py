"""The live shop's remedies, when the settings name a shop (`RECORDS_SOURCE=medusa`): the accepted
remedy recorded as pending with its grant, carried out at once, and a reconciler that completes
whatever a failure left pending (at start, then every minute).

Wiring only; the steps are `bot.remedies.executor`'s.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot import settings
from bot.complaints.cases import current_case
from bot.orders.sources.medusa import MedusaClient
from bot.remedies.executor import carry_out, reconcile
from bot.remedies.medusa import MedusaRemedies
from bot.remedies.pending import request_remedy
from bot.remedies.shop import ShopRemedies
from bot.store.models import Case

logger = logging.getLogger(__name__)
RECONCILE_EVERY_SECONDS = 60.0
_wake = threading.Event()


@lru_cache(maxsize=1)
def live_remedies() -> Optional[ShopRemedies]:
    if settings.records_source() == "medusa":
        return MedusaRemedies(MedusaClient(settings.medusa_url(), settings.medusa_api_key()))
    return None


def remedy_to_carry_out(session: Session, conversation_id: str, case_reference: Optional[str]) -> Optional[int]:
    """After the customer accepted the bot's offer, or the bot gave the policy's gesture after an
    explanation: that remedy pending in the caller's transaction (with the grant), when a live shop
    carries it out; its id."""
    case = current_case(session, conversation_id, case_reference) if live_remedies() is not None else None
    if case is None:
        return None
    pending = request_remedy(session, case, remedy=case.remedy, amount=case.amount, currency=case.currency,
                             given_by="bot", now=datetime.utcnow())
    return pending.id if pending is not None else None


def staff_remedy_to_carry_out(session: Session, case: Case, remedy: str, amount: Optional[Decimal]) -> None:
    """A person closed the case with goodwill: it is pending in the caller's transaction, when a live
    shop carries it out, and the reconciler is woken to do it once that transaction is committed."""
    if live_remedies() is not None and request_remedy(session, case, remedy=remedy, amount=amount,
                                                      currency=case.currency, given_by="staff",
                                                      now=datetime.utcnow()):
        event.listen(session, "after_commit", lambda _: _wake.set(), once=True)


def carry_out_now(engine: Engine, remedy_id: int) -> Optional[str]:
    """Once the grant is committed: the shop acts now; what fails waits for the reconciler."""
    shop = live_remedies()
    return carry_out(engine, remedy_id, shop) if shop is not None else None


def start_reconciler(engine: Engine, every: float = RECONCILE_EVERY_SECONDS) -> Optional[threading.Thread]:
    """A daemon thread reconciling now, every `every` seconds, and whenever a person's goodwill is
    committed, when a live shop carries remedies out."""
    shop = live_remedies()
    if shop is None:
        return None

    def run() -> None:
        while True:
            _wake.clear()
            try:
                done = reconcile(engine, shop)
                if done:
                    logger.info("reconciler carried out %d pending remedies", done)
            except Exception as error:  # a store or shop outage: try again next round
                logger.warning("reconciler round failed: %s", error.__class__.__name__)
            _wake.wait(every)

    thread = threading.Thread(target=run, name="remedy-reconciler", daemon=True)
    thread.start()
    return thread
