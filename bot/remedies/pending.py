"""The remedies waiting to be carried out in the shop: recorded with the grant, claimed for a lease by
one worker at a time, then done or failed.

Rows only; calling the shop is `bot.remedies.executor`'s.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Optional

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bot.store.models import Case, ShopRemedy

# The remedies carried out in the shop: every one a decision or a person can give.
REFUNDS = ("refund", "shipping_refund")
CARRIED_OUT = (*REFUNDS, "voucher", "replacement")
MAX_ATTEMPTS = 5  # then the remedy has failed and a person carries it out


def remedy_key(case: Case, remedy: str, given_by: str) -> str:
    """The key the shop keeps with what it did: one remedy per case and giver (the bot's offer, or a
    person's resolution)."""
    return f"complaint-bot:{case.reference}:{given_by}:{remedy}"


def request_remedy(session: Session, case: Case, *, remedy: Optional[str], amount: Optional[Decimal],
                   currency: Optional[str], given_by: str, now: datetime) -> Optional[ShopRemedy]:
    """A granted remedy, pending, in the caller's transaction (with the grant); None when the shop does
    not carry this remedy out, the case has no order, or it was requested before."""
    if remedy not in CARRIED_OUT or case.order is None or (remedy != "replacement" and not (amount and currency)):
        return None
    key = remedy_key(case, remedy, given_by)
    if session.execute(select(ShopRemedy.id).where(ShopRemedy.key == key)).first():
        return None
    pending = ShopRemedy(case_id=case.id, remedy=remedy, amount=amount or Decimal("0"),
                         currency=currency or case.order.currency, key=key, status="pending", attempts=0,
                         created_at=now)
    session.add(pending)
    session.flush()
    return pending


def claim(session: Session, remedy_id: int, now: datetime, lease: timedelta) -> bool:
    """Whether this worker now holds the remedy until `now + lease`: it is pending and nobody holds
    it (or their lease ran out, as when a worker died). One conditional update: two racing workers
    cannot both win."""
    claimed = session.execute(
        update(ShopRemedy)
        .where(ShopRemedy.id == remedy_id, ShopRemedy.status == "pending",
               or_(ShopRemedy.claimed_until.is_(None), ShopRemedy.claimed_until < now))
        .values(claimed_until=now + lease, attempts=ShopRemedy.attempts + 1)
        .execution_options(synchronize_session=False))
    return claimed.rowcount == 1


def complete(session: Session, remedy_id: int, shop_reference: str, now: datetime) -> None:
    session.execute(update(ShopRemedy).where(ShopRemedy.id == remedy_id)
                    .values(status="done", shop_reference=shop_reference[:120], done_at=now, claimed_until=None,
                            error=None).execution_options(synchronize_session=False))


def release(session: Session, remedy_id: int, error: str) -> None:
    """The shop could not be asked: the remedy waits for the next try, or has failed after MAX_ATTEMPTS."""
    remedy = session.get(ShopRemedy, remedy_id)
    if remedy is not None:
        remedy.claimed_until, remedy.error = None, error[:300]
        if remedy.attempts >= MAX_ATTEMPTS:
            remedy.status = "failed"


def case_remedies(session: Session, case_id: int) -> list[ShopRemedy]:
    """What the shop was asked to do for the case, and how it stands (for the console)."""
    return list(session.execute(select(ShopRemedy).where(ShopRemedy.case_id == case_id)
                                .order_by(ShopRemedy.id)).scalars())


def due(session: Session, now: datetime) -> list[int]:
    """The pending remedies nobody holds, oldest first."""
    return list(session.execute(
        select(ShopRemedy.id).where(ShopRemedy.status == "pending",
                                    or_(ShopRemedy.claimed_until.is_(None), ShopRemedy.claimed_until < now))
        .order_by(ShopRemedy.id)).scalars())
