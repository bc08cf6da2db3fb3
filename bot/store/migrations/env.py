"""Alembic environment: runs our migrations on the store's URL or a given connection.

Wiring only; the schema changes are the revision files in `versions/`.
"""
from alembic import context

from bot.store import make_engine
from bot.store.models import Base

config = context.config
connection = config.attributes.get("connection")


def _run(conn) -> None:
    context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


if connection is not None:
    _run(connection)
else:
    with make_engine(config.get_main_option("sqlalchemy.url") or "").connect() as conn:
        _run(conn)
