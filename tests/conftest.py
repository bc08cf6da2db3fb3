"""Shared fixtures: a migrated store on SQLite and on PostgreSQL, the policy, a fixed clock."""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Optional

import pytest
from sqlalchemy import delete, text

from bot.complaints.policy import load_policy
from bot.orders.demo import seed_demo
from bot.store import make_engine, session_scope
from bot.store.migrate import upgrade
from bot.store.models import Base

# Fixtures defined once for the whole tree (a session-scoped Rasa must start only once).
from tests.console_server import console  # noqa: E402,F401
from tests.running_bot import bot, conversation, fresh_order, fresh_order_in  # noqa: E402,F401
from tests.services import create_postgres_database, drop_postgres_database
from tests.trackers import RasaTrackers

NOW = datetime(2026, 11, 1, 12, 0)


@pytest.fixture
def configure(monkeypatch) -> Callable[..., None]:
    """Sets the settings for one test, through the environment variables bot.settings reads (None
    unsets one); undone after the test. The one way tests change settings."""

    def set_settings(**variables: Optional[str]) -> None:
        for name, value in variables.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)

    return set_settings


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def engine(request, tmp_path_factory):
    """A migrated database of each kind, shared by the session and emptied after each test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'records.db'}"
    else:
        url = create_postgres_database()
    eng = make_engine(url)
    upgrade(eng)
    yield eng
    eng.dispose()
    if request.param == "postgresql":
        drop_postgres_database(url)


@pytest.fixture
def store(engine):
    """The engine, emptied after the test."""
    yield engine
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(delete(table))


@pytest.fixture
def demo_store(store):
    """The store loaded with the demo records, dated as if today were NOW."""
    with session_scope(store) as session:
        seed_demo(session, today=NOW)
    return store


@pytest.fixture(scope="session")
def policy():
    return load_policy()


@pytest.fixture
def rasa_trackers(store):
    """Rasa's tracker store in the same database as our store; its table is dropped afterwards."""
    trackers = RasaTrackers(store)
    yield trackers
    with store.begin() as connection:
        connection.execute(text("DROP TABLE events"))
    trackers.store.engine.dispose()
