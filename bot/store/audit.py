"""The audit log: every view or export of personal data and every change to a case, by staff or a request.

Writes and reads log entries; it never decides who may do what.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.models import AuditEntry


def record(session: Session, user_name: str, role: str, action: str, target: Optional[str] = None,
           **detail: Any) -> AuditEntry:
    """Adds one entry; the caller's transaction commits it with the change it describes."""
    entry = AuditEntry(at=datetime.utcnow(), user_name=user_name, role=role, action=action, target=target,
                       detail=detail)
    session.add(entry)
    return entry


def entries(session: Session, *, page: int = 1, per_page: int = 50) -> tuple[list[AuditEntry], int]:
    """A page of entries, newest first, and the total number of entries (a page past the end is
    the last page)."""
    total = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    page = min(max(page, 1), max(1, -(-total // per_page)))
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc())
                           .offset((page - 1) * per_page).limit(per_page)).scalars()
    return list(rows), total
