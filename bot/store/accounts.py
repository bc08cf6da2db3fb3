"""Staff accounts: create, list and check the password of support leads and agents.

Accounts only; signing in and permissions are the console's (`bot.console.auth`).
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from bot.store.models import ConsoleSession, ConsoleUser

ROLES = ("lead", "agent")
MIN_PASSWORD_LENGTH = 10
# Compared against when the name is unknown, so a wrong name costs as much time as a wrong password.
_UNKNOWN_USER_HASH = generate_password_hash("not a real password")


class UserError(ValueError):
    """A user that cannot be created as asked."""


def add_user(session: Session, name: str, role: str, password: str) -> ConsoleUser:
    """A new account with a hashed password; names are unique, passwords at least 10 characters."""
    name = name.strip()
    if not name or len(name) > 64:
        raise UserError("the name must be 1 to 64 characters")
    if role not in ROLES:
        raise UserError(f"the role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password must be at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(session, name) is not None:
        raise UserError(f"a user named {name!r} already exists")
    user = ConsoleUser(name=name, role=role, password_hash=generate_password_hash(password),
                       created_at=datetime.utcnow())
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, name: str) -> Optional[ConsoleUser]:
    return session.execute(select(ConsoleUser).where(ConsoleUser.name == name)).scalar_one_or_none()


def authenticate(session: Session, name: str, password: str) -> Optional[ConsoleUser]:
    """The account when the password is right, else None."""
    user = find_user(session, name.strip())
    if user is None:
        check_password_hash(_UNKNOWN_USER_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def list_users(session: Session) -> list[ConsoleUser]:
    return list(session.execute(select(ConsoleUser).order_by(ConsoleUser.name)).scalars())


def remove_user(session: Session, name: str) -> bool:
    """Deletes the account and ends its sessions."""
    user = find_user(session, name)
    if user is not None:
        session.execute(delete(ConsoleSession).where(ConsoleSession.user_name == name))
        session.delete(user)
    return user is not None
