"""Configuration read from environment variables, with embedded defaults.

The only place that reads the environment; everything else asks this module.
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = Path(os.environ.get("BOT_DATA_DIR", PROJECT_ROOT / "var"))
POLICY_FILE = Path(os.environ.get("BOT_POLICY_FILE", PROJECT_ROOT / "policy.yml"))


def database_url() -> str:
    """Our store: `DATABASE_URL`, else a SQLite file under the data folder."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{RUN_DIR / 'records.db'}"


def tracker_store_url() -> str:
    """Rasa's tracker store: `TRACKER_STORE_URL`, else a SQLite file beside ours."""
    return os.environ.get("TRACKER_STORE_URL") or f"sqlite:///{RUN_DIR / 'tracker.db'}"


def redis_url() -> str | None:
    """Rasa's lock store: `REDIS_URL` (redis://host:port/db), else in memory."""
    return os.environ.get("REDIS_URL") or None


def rabbitmq_url() -> str | None:
    """Rasa's event broker: `RABBITMQ_URL` (amqp://user:pass@host:port), else none."""
    return os.environ.get("RABBITMQ_URL") or None


def action_server_url() -> str:
    return os.environ.get("ACTION_SERVER_URL", "http://127.0.0.1:5055/webhook")


def rasa_token() -> str | None:
    """Token protecting Rasa's HTTP API; `make run` creates one when unset."""
    return os.environ.get("RASA_TOKEN") or None
