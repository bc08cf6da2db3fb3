"""What a records source is: something that brings the order a customer names into our store, so
that the identity check and the evidence checks read it like every other record.

The interface only; `bot.orders.sources` chooses one by setting.
"""
from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session


class SourceUnavailable(RuntimeError):
    """The source could not be asked (down, too slow, refusing) or answered what cannot be read."""


class RecordsSource(Protocol):
    def refresh(self, session: Session, reference: str) -> bool:
        """Whether the source has the order `reference`; when it has, the caller's transaction now
        holds it as the source does. Raises SourceUnavailable."""
