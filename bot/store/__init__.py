"""The SQL store: engine and sessions for the company's records and our cases.

Connection handling only; tables are in `models`, schema changes in `migrations`.
"""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot import settings


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets its folder and file created for their owner only, and
    foreign keys enforced."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        database = Path(url[len("sqlite:///"):])
        database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not database.exists():
            database.touch(mode=0o600)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


@lru_cache(maxsize=None)
def default_engine() -> Engine:
    return make_engine(settings.database_url())


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    factory = sessionmaker(bind=engine or default_engine(), future=True, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
