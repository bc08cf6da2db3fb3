"""A running bot for end-to-end and security tests: trained model (cached by data hash), action server and
Rasa on free ports, demo records, a real SMTP server for its emails, and PostgreSQL/Redis/RabbitMQ
when they are running (required with REQUIRE_SERVICES=1)."""
from __future__ import annotations

import os
import random
import time
import uuid
from dataclasses import dataclass
from email import message_from_bytes
from email import policy as email_policy
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Iterator, Optional

import pytest
import requests
from aiosmtpd.controller import Controller
from sqlalchemy import update

from benchmarks.load import SCENARIO_ORDER_NUMBERS
from bot.orders.demo import copy_demo_order, seed_demo
from bot.serving.model import ensure_model
from bot.serving.services import Running, free_port, running
from bot.serving.socket_sessions import conversation_id
from bot.store import make_engine, session_scope
from bot.store.migrate import upgrade
from bot.store.models import AgentPresence
from tests.services import (
    RABBITMQ_URL,
    REDIS_URL,
    create_postgres_database,
    drop_postgres_database,
    port_open,
)

SOCKET_SESSION_SECRET = "test-socket-session-secret"


def _services_env() -> tuple[dict, list[str]]:
    """Environment naming the real services that are up; the PostgreSQL databases to drop after."""
    require = os.environ.get("REQUIRE_SERVICES") == "1"
    env, databases = {}, []
    if port_open(5432) or require:
        records, tracker = create_postgres_database(), create_postgres_database()
        env.update(DATABASE_URL=records, TRACKER_STORE_URL=tracker)
        databases += [records, tracker]
    if port_open(6379) or require:
        env["REDIS_URL"] = REDIS_URL
    if port_open(5672) or require:
        env["RABBITMQ_URL"] = RABBITMQ_URL
    return env, databases


class Mailbox:
    """The company's mail server, as far as the tests see it: a real SMTP server (aiosmtpd on a free
    port) that the bot sends its emails to (`SMTP_URL`) and that keeps every message it is given."""

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append(message_from_bytes(envelope.content, policy=email_policy.default))
        return "250 OK"

    def new_since(self, count: int) -> list[EmailMessage]:
        """The messages received after the first `count` (waiting a little for one to arrive)."""
        deadline = time.monotonic() + 5
        while len(self.received) <= count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.received[count:]

    def __enter__(self) -> "Mailbox":
        self._controller.start()
        return self

    def __exit__(self, *_) -> None:
        self._controller.stop()


@dataclass
class Bot:
    url: str
    token: str
    env: dict
    engine: object
    web_url: str
    servers: Running
    mailbox: Optional[Mailbox] = None  # where its emails go (start_bot's); None: to the outbox folder

    def say(self, sender: str, text: str, metadata: dict | None = None) -> list[dict]:
        body = {"sender": sender, "message": text, "metadata": metadata or {}}
        response = requests.post(f"{self.url}/webhooks/rest/webhook", json=body, timeout=60)
        response.raise_for_status()
        return response.json()

    def intent(self, text: str) -> str:
        """The model's top intent for `text`, through Rasa's HTTP API."""
        response = requests.post(f"{self.url}/model/parse", params={"token": self.token}, json={"text": text},
                                 timeout=30)
        response.raise_for_status()
        return response.json()["intent"]["name"]

    def conversation_of(self, session_token: str) -> str:
        """Rasa's sender id for a widget's session token."""
        return conversation_id(SOCKET_SESSION_SECRET, session_token)

    def nobody_available(self) -> None:
        """Every agent marked unavailable (other tests sign agents in): a handoff then finds nobody to
        answer in the chat."""
        with session_scope(self.engine) as session:
            session.execute(update(AgentPresence).values(available=False))

    def log_marks(self) -> dict[Path, int]:
        """Where the Rasa and action servers' logs end now (for `errors_since`)."""
        return {server.log: server.log.stat().st_size if server.log.exists() else 0
                for server in (*self.servers.rasa_servers, *self.servers.action_servers)}

    def errors_since(self, marks: dict[Path, int]) -> list[str]:
        """The error lines and tracebacks the servers logged after `marks`: an exception the channel
        turned into a polite apology still shows here."""
        found = []
        for log, start in marks.items():
            with log.open("rb") as written:
                written.seek(start)
                found += [line for line in written.read().decode(errors="replace").splitlines()
                          if " ERROR " in line or "Traceback" in line or "CRITICAL" in line]
        return found

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=30)
        response.raise_for_status()
        return response.json()


def start_bot(run_dir: Path, instances: int = 1, extra_env: Optional[dict] = None) -> Iterator[Bot]:
    """The bot on its own databases in `run_dir` (PostgreSQL when running), stopped and dropped after."""
    env, databases = _services_env()
    env.update(extra_env or {})
    env.setdefault("DATABASE_URL", f"sqlite:///{run_dir / 'records.db'}")
    env.setdefault("TRACKER_STORE_URL", f"sqlite:///{run_dir / 'tracker.db'}")
    env["BOT_DATA_DIR"] = str(run_dir)
    env["RASA_TOKEN"] = "-token-that-starts-with-a-dash"  # once a random token did, and `rasa run` refused it
    env["SOCKET_SESSION_SECRET"] = SOCKET_SESSION_SECRET
    engine = make_engine(env["DATABASE_URL"])
    upgrade(engine)
    with session_scope(engine) as session:
        seed_demo(session)
    model = ensure_model()
    try:
        with Mailbox() as mailbox:
            env["SMTP_URL"] = f"smtp://127.0.0.1:{mailbox.port}"
            with running(model, rasa_port=free_port(), action_port=free_port(), web_port=free_port(), env=env,
                         run_dir=run_dir, instances=instances, mail_port=free_port()) as servers:
                yield Bot(servers.rasa_url, servers.token, env, engine, servers.web_url, servers, mailbox)
    finally:
        engine.dispose()
        for url in databases:
            drop_postgres_database(url)


@pytest.fixture(scope="session")
def bot(tmp_path_factory) -> Iterator[Bot]:
    yield from start_bot(tmp_path_factory.mktemp("bot"))


_used_numbers: set[int] = set()


@pytest.fixture
def fresh_order_in() -> Callable[[Bot, str], tuple[str, str]]:
    """Copies a demo order into a running bot's records under a new reference and customer, so each
    test has its own history; returns (order reference, customer email)."""

    def copy(running_bot: Bot, demo_reference: str) -> tuple[str, str]:
        # Between ORD-55555 (the tests' unknown order) and the load scenarios' numbers (test_scenarios copies
        # from there up in the same database).
        number = random.choice([n for n in range(56000, SCENARIO_ORDER_NUMBERS) if n not in _used_numbers])
        _used_numbers.add(number)
        with session_scope(running_bot.engine) as session:
            return copy_demo_order(session, demo_reference, number)

    return copy


@pytest.fixture
def fresh_order(bot, fresh_order_in) -> Callable[[str], tuple[str, str]]:
    """`fresh_order_in` for the session's bot."""
    return lambda demo_reference: fresh_order_in(bot, demo_reference)


@pytest.fixture
def conversation(bot) -> Callable[[str], str]:
    """A fresh sender id for each conversation."""
    return lambda prefix="c": f"{prefix}-{uuid.uuid4().hex[:8]}"
