"""Fixtures shared by the handoff tests."""
import pytest

from bot.store import session_scope
from bot.store.accounts import add_user


@pytest.fixture
def staffed(store):
    """The store with three console accounts (presence belongs to an account)."""
    with session_scope(store) as session:
        for name, role in (("ana", "agent"), ("bea", "agent"), ("lena", "lead")):
            add_user(session, name, role, "a password 123")
    return store
