"""Creating, copying and dropping whole PostgreSQL databases, for the tests, the benchmarks and the test
shop that need ones of their own. Administration only: it never touches a database's contents.
"""
from __future__ import annotations

import uuid
from typing import Any, Optional


def _administer(admin_url: str, statement: str, params: Optional[dict[str, Any]] = None) -> list[tuple]:
    """One statement on the server `admin_url` reaches, outside a transaction (CREATE DATABASE needs it)."""
    import psycopg2

    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def _url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def database_exists(admin_url: str, name: str) -> bool:
    return bool(_administer(admin_url, "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": name}))


def create_named_database(admin_url: str, name: str, template: Optional[str] = None) -> str:
    """The database `name`, empty or a copy of `template`; returns its SQLAlchemy URL."""
    _administer(admin_url, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return _url(admin_url, name)


def create_database(admin_url: str, prefix: str) -> str:
    """A new empty database with a fresh name; returns its SQLAlchemy URL."""
    return create_named_database(admin_url, f"{prefix}_{uuid.uuid4().hex[:10]}")


def rename_database(admin_url: str, name: str, new_name: str) -> None:
    _administer(admin_url, f'ALTER DATABASE "{name}" RENAME TO "{new_name}"')


def drop_named_database(admin_url: str, name: str) -> None:
    """Drop the database `name` if it exists, closing its connections first."""
    _administer(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_database(admin_url: str, url: str) -> None:
    """Drop the database `url` names, closing its connections first."""
    drop_named_database(admin_url, url.rsplit("/", 1)[1])
