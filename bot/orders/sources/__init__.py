"""Where the company's records come from: our own store, fed by the import (the embedded default),
or a shop read live (`RECORDS_SOURCE=medusa`). Either way the bot reads orders from our store; a live
source first brings the order a customer names into it.

Choosing the source by setting; each source is its own module.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from sqlalchemy.orm import Session

from bot import settings
from bot.orders.sources.base import RecordsSource, SourceUnavailable
from bot.orders.sources.medusa import MedusaClient, MedusaSource

__all__ = ["RecordsSource", "SourceUnavailable", "live_source", "refresh_named_order"]


@lru_cache(maxsize=1)
def live_source() -> Optional[RecordsSource]:
    """The live source the settings name, or None when our store is the source."""
    if settings.records_source() == "medusa":
        return MedusaSource(MedusaClient(settings.medusa_url(), settings.medusa_api_key()))
    return None


def refresh_named_order(session: Session, reference: str) -> None:
    """Before the identity check reads the order a customer named: bring it in from the live source
    (nothing at all with our store as the source). Raises SourceUnavailable."""
    source = live_source()
    if source is not None:
        source.refresh(session, reference)
