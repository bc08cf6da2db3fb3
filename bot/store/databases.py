"""Creating and dropping whole PostgreSQL databases, for the tests and benchmarks that need
empty ones of their own. Administration only: it never touches a database's contents.
"""
from __future__ import annotations

import uuid


def create_database(admin_url: str, prefix: str) -> str:
    """A new empty database on the server `admin_url` reaches; returns its SQLAlchemy URL."""
    import psycopg2

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(admin_url: str, url: str) -> None:
    """Drop the database `url` names, closing its connections first."""
    import psycopg2

    name = url.rsplit("/", 1)[1]
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()
