"""A customer's data request carried out on someone's behalf and written to the audit log: the
same for the command line and the console. The log keeps a digest of the email, never the email.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.privacy.subjects import Erasure, erase_subject, export_subject, subject_key
from bot.store.audit import record


def audited_export(session: Session, tracker: Engine, email: str, user: str, role: str) -> dict[str, Any]:
    """Everything held about `email` (bot.privacy.subjects), recorded as `user`'s export."""
    data = export_subject(session, tracker, email)
    record(session, user, role, "privacy_export", subject_key(email), cases=len(data["cases"]),
           conversations=len(data["conversations"]))
    return data


def audited_erasure(session: Session, tracker: Engine, email: str, user: str, role: str) -> Erasure:
    """`email`'s data erased (bot.privacy.subjects), recorded as `user`'s erasure."""
    erased = erase_subject(session, tracker, email)
    record(session, user, role, "privacy_erase", subject_key(email), **asdict(erased))
    return erased
