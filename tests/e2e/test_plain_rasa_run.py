"""The standard Rasa commands get the project's changes to Rasa too: plain `rasa run --debug` and
`rasa run actions` on the project (no launcher, no wrapper), a complaint full of personal data, then
the action server killed so the channel fails and apologises; neither Rasa's debug log nor its
tracker store holds an email, phone or card number in clear."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import yaml

from bot.orders.demo import copy_demo_order, seed_demo
from bot.serving.channels.guards import APOLOGY
from bot.serving.model import ensure_model
from bot.serving.services import free_port, stop, wait_until_up
from bot.settings import PROJECT_ROOT
from bot.store import make_engine, session_scope
from bot.store.migrate import upgrade

RASA = str(Path(sys.executable).with_name("rasa"))
PHONE, CARD = "+34 612 345 678", "4012 8888 8888 1881"


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


@pytest.fixture
def plain_rasa(tmp_path):
    """Rasa and its action server as a developer starts them by hand, on the project's own
    endpoints.yml with only the tracker database and the action server's port moved to `tmp_path`."""
    engine = make_engine(f"sqlite:///{tmp_path / 'records.db'}")
    upgrade(engine)
    with session_scope(engine) as session:
        seed_demo(session)
        order, email = copy_demo_order(session, "ORD-10003", 57001)
    engine.dispose()
    rasa_port, action_port = free_port(), free_port()
    endpoints = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{action_port}/webhook"
    endpoints["tracker_store"]["db"] = str(tmp_path / "tracker.db")
    (tmp_path / "endpoints.yml").write_text(yaml.safe_dump(endpoints), encoding="utf-8")
    env = {**os.environ, "BOT_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'records.db'}",
           "ACTION_SERVER_URL": endpoints["action_endpoint"]["url"]}
    for name in ("TRACKER_STORE_URL", "REDIS_URL", "RABBITMQ_URL", "RASA_TOKEN", "ACTION_SERVER_SECRET"):
        env.pop(name, None)
    actions = _start([RASA, "run", "actions", "--port", str(action_port)], env, tmp_path / "actions.log")
    rasa = _start([RASA, "run", "--debug", "-m", str(ensure_model()), "-p", str(rasa_port), "--endpoints",
                   str(tmp_path / "endpoints.yml")], env, tmp_path / "rasa.log")
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, 120, tmp_path / "actions.log")
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa, 300, tmp_path / "rasa.log")
        yield f"http://127.0.0.1:{rasa_port}", actions, order, email, tmp_path
    finally:
        stop((rasa, actions))


def _say(url: str, sender: str, text: str) -> list[str]:
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
    reply.raise_for_status()
    return [message.get("text", "") for message in reply.json()]


def test_plain_rasa_run_masks_personal_data_in_its_log_and_tracker(plain_rasa):
    url, actions, order, email, run_dir = plain_rasa
    sender = "plain-rasa-run"
    for text in ("You charged me twice for the same order", order, f"{email}, my phone is {PHONE}"):
        assert _say(url, sender, text), text
    stop((actions,))  # the channel's worst moment: a message and no action server to answer it
    assert _say(url, sender, f"Refund it to my card {CARD}, call me on {PHONE}") == [APOLOGY["en"]]

    log = (run_dir / "rasa.log").read_text(encoding="utf-8", errors="replace")
    assert "parse_data_text" in log, "the debug log quotes every message"
    with sqlite3.connect(run_dir / "tracker.db") as tracker:
        saved = " ".join(data for (data,) in tracker.execute("SELECT data FROM events WHERE sender_id = ?",
                                                             (sender,)))
    assert "[card \\u2022\\u20221881]" in saved, "the card number reached the tracker store, masked"
    for clear in (email, email.split("@")[0], PHONE, CARD, CARD.replace(" ", "")):
        assert clear not in log, f"{clear} in clear in Rasa's log"
        assert clear not in saved, f"{clear} in clear in the tracker store"
