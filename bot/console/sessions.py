"""Console sessions on the server: opened at sign-in, looked up on every request, closed at
sign-out or when they are too old. The cookie carries a random token; only its hash is stored.

Sessions only; who may do what is `bot.console.auth`'s.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.store.models import ConsoleSession, ConsoleUser

# A working day and a bit: a forgotten signed-in browser does not stay signed in for ever.
MAX_AGE = timedelta(hours=12)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, user: ConsoleUser, now: Optional[datetime] = None) -> str:
    """A new session for `user`; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(ConsoleSession(token_hash=_hash(token), user_name=user.name, created_at=now or datetime.utcnow()))
    return token


def user_of(session: Session, token: str, now: Optional[datetime] = None) -> Optional[ConsoleUser]:
    """The account signed in with `token`, or None when the session was closed, expired or never was."""
    if not isinstance(token, str) or not token:
        return None
    row = session.get(ConsoleSession, _hash(token))
    if row is None:
        return None
    if row.created_at < (now or datetime.utcnow()) - MAX_AGE:
        session.delete(row)
        return None
    return session.execute(select(ConsoleUser).where(ConsoleUser.name == row.user_name)).scalar_one_or_none()


def close_session(session: Session, token: str) -> None:
    session.execute(delete(ConsoleSession).where(ConsoleSession.token_hash == _hash(token)))
