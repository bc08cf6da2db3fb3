"""Stores going down under a running bot: its own Redis (lock store) and its own PostgreSQL (tracker
store and records) are killed mid-conversation. The customer gets a polite apology in their
language, and once the store is back the conversation goes on where it was, each message once.
Its own RabbitMQ (event broker) killed mid-conversation costs the customer nothing, and the events
published meanwhile reach it once it is back, masked."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from bot.orders.demo import seed_demo
from bot.privacy.pii import mask_personal_data
from bot.serving.model import ensure_model
from bot.serving.services import free_port, running
from bot.store import make_engine, session_scope
from bot.store.migrate import upgrade
from tests.running_bot import Bot
from tests.services import port_open, queued_events

POSTGRES_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
APOLOGY_START = {"en": "I'm sorry, I'm having a technical problem", "es": "Lo siento, ahora mismo tengo un problema"}


def _as_postgres(*command: str) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)


@dataclass
class PrivateServices:
    """A Redis, a PostgreSQL and a RabbitMQ of the test's own, which it may kill and start again."""

    folder: Path
    redis_port: int
    postgres_port: int
    rabbitmq_port: int
    redis: subprocess.Popen | None = None

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port),
                                       "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        self._wait(self.redis_port)

    def kill_redis(self) -> None:
        self.redis.kill()
        self.redis.wait()

    def start_postgres(self) -> None:
        _as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.folder / "pg"), "-l", str(self.folder / "pg.log"),
                     "-o", f"-p {self.postgres_port} -k {self.folder} -c listen_addresses=127.0.0.1", "-w", "start")
        self._wait(self.postgres_port)

    def kill_postgres(self) -> None:
        _as_postgres(str(POSTGRES_BIN / "pg_ctl"), "-D", str(self.folder / "pg"), "-m", "immediate", "stop")

    def start_rabbitmq(self) -> None:
        """A RabbitMQ node of its own (Debian's script runs it as the rabbitmq user), on its own port;
        started again, it finds its durable queue and the messages in it."""
        folder = self.folder / "rabbitmq"
        folder.mkdir(exist_ok=True)
        folder.chmod(0o777)  # the rabbitmq user writes its database and logs here
        config = folder / "rabbitmq.conf"
        config.write_text(f"listeners.tcp.local = 127.0.0.1:{self.rabbitmq_port}\n")
        (folder / "enabled_plugins").write_text("[].\n")
        for path in (config, folder / "enabled_plugins"):
            path.chmod(0o644)
        env = {**os.environ, "RABBITMQ_NODENAME": f"outage{self.rabbitmq_port}@localhost",
               "RABBITMQ_DIST_PORT": str(free_port()), "RABBITMQ_CONFIG_FILE": str(config),
               "RABBITMQ_MNESIA_BASE": str(folder / "mnesia"), "RABBITMQ_LOG_BASE": str(folder / "log"),
               "RABBITMQ_PID_FILE": str(folder / "pid"),
               "RABBITMQ_ENABLED_PLUGINS_FILE": str(folder / "enabled_plugins")}
        subprocess.Popen(["rabbitmq-server"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait(self.rabbitmq_port, 60)

    def kill_rabbitmq(self) -> None:
        pid_file = self.folder / "rabbitmq" / "pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), 9)
            pid_file.unlink()
            while port_open(self.rabbitmq_port):
                time.sleep(0.1)

    @property
    def rabbitmq_url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.rabbitmq_port}"

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.postgres_port}/{database}"

    @staticmethod
    def _wait(port: int, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not port_open(port):
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {port}")
            time.sleep(0.2)


@pytest.fixture(scope="module")
def outage_bot() -> Iterator[tuple[Bot, PrivateServices]]:
    if POSTGRES_BIN is None or not shutil.which("redis-server") or not shutil.which("rabbitmq-server"):
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("PostgreSQL's, Redis's and RabbitMQ's server programs are needed and REQUIRE_SERVICES=1",
                        pytrace=False)
        pytest.skip("PostgreSQL's, Redis's or RabbitMQ's server programs are not installed")
    folder = Path(tempfile.mkdtemp(prefix="outages-"))  # pytest's folders are closed to the postgres user
    folder.chmod(0o777)
    services = PrivateServices(folder, free_port(), free_port(), free_port())
    _as_postgres(str(POSTGRES_BIN / "initdb"), "-D", str(folder / "pg"), "-U", "postgres", "--auth=trust")
    services.start_postgres()
    services.start_redis()
    services.start_rabbitmq()
    for database in ("records", "tracker"):
        _as_postgres(str(POSTGRES_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(services.postgres_port),
                     "-U", "postgres", database)
    env = {"DATABASE_URL": services.url("records"), "TRACKER_STORE_URL": services.url("tracker"),
           "REDIS_URL": f"redis://127.0.0.1:{services.redis_port}/0", "RABBITMQ_URL": services.rabbitmq_url,
           "BOT_DATA_DIR": str(folder / "run")}
    engine = make_engine(env["DATABASE_URL"])
    upgrade(engine)
    with session_scope(engine) as session:
        seed_demo(session)
    try:
        with running(ensure_model(), rasa_port=free_port(), action_port=free_port(), web_port=free_port(), env=env,
                     run_dir=folder / "run") as servers:
            yield Bot(servers.rasa_url, servers.token, env, engine, servers.web_url, servers), services
    finally:
        engine.dispose()
        services.kill_redis()
        services.kill_postgres()
        services.kill_rabbitmq()
        shutil.rmtree(folder, ignore_errors=True)


def say_while_down(bot: Bot, sender: str, text: str, stop, start) -> list[dict]:
    """The bot's replies to `text` sent while a store is stopped; the store is started again after."""
    stop()
    try:
        return bot.say(sender, text)
    finally:
        start()


def user_texts(bot: Bot, sender: str) -> list[str]:
    return [e["text"] for e in bot.tracker(sender)["events"] if e["event"] == "user"]


def test_redis_down_gets_an_apology_and_the_conversation_goes_on_after(outage_bot, fresh_order_in):
    bot, services = outage_bot
    order, email = fresh_order_in(bot, "ORD-10001")
    sender = "redis-outage"
    assert bot.say(sender, "My parcel never arrived")
    during = say_while_down(bot, sender, order, services.kill_redis, services.start_redis)
    assert [r["text"] for r in during] and during[-1]["text"].startswith(APOLOGY_START["en"])
    after = bot.say(sender, order)
    assert any("email" in r.get("text", "") for r in after), after
    assert user_texts(bot, sender) == ["My parcel never arrived", order]


def test_postgres_down_gets_an_apology_in_spanish_and_the_conversation_goes_on_after(outage_bot, fresh_order_in):
    bot, services = outage_bot
    order, _ = fresh_order_in(bot, "ORD-20001")
    sender = "postgres-outage"
    assert bot.say(sender, "Mi paquete no ha llegado")
    # With its database down the bot cannot read the conversation's language: the message itself tells it
    # (or the page's pinned language, as the widget sends it).
    answer = f"mi pedido es el {order}"
    during = say_while_down(bot, sender, answer, services.kill_postgres, services.start_postgres)
    assert during and during[-1]["text"].startswith(APOLOGY_START["es"])
    deadline = time.monotonic() + 30  # the connection pools notice the new server on their next try
    after = bot.say(sender, answer)
    while not any("correo" in r.get("text", "") for r in after) and time.monotonic() < deadline:
        time.sleep(1)
        after = bot.say(sender, answer)
    assert any("correo" in r.get("text", "") for r in after), after
    assert user_texts(bot, sender) == ["Mi paquete no ha llegado", answer]


def broker_user_texts(services: PrivateServices, sender: str, expected: int) -> list[str]:
    """The texts of the conversation's user events on the broker's queue, once `expected` of them have
    arrived (the bot's broker connection tries again every few seconds after an outage)."""
    events = queued_events(services.rabbitmq_url, sender,
                           lambda got: sum(e["event"] == "user" for e in got) >= expected)
    return [e["text"] for e in events if e["event"] == "user"]


def test_rabbitmq_down_costs_the_customer_nothing_and_its_events_arrive_after(outage_bot, fresh_order_in):
    bot, services = outage_bot
    order, email = fresh_order_in(bot, "ORD-10001")
    sender = "rabbitmq-outage"
    assert bot.say(sender, "My parcel never arrived")
    services.kill_rabbitmq()
    try:
        during = bot.say(sender, order)
        assert any("email" in r.get("text", "") for r in during), during
        asked = bot.say(sender, email)
        assert not any(r.get("text", "").startswith(APOLOGY_START["en"]) for r in asked), asked
    finally:
        services.start_rabbitmq()
    said = ["My parcel never arrived", order, mask_personal_data(email)]
    assert user_texts(bot, sender) == said
    assert broker_user_texts(services, sender, expected=3) == said, "the broker holds each message once, masked"
