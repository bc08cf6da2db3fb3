"""`make run`'s launcher: trains if needed, starts both servers, prints where they are, starts a
server that died again while the others serve on, and Ctrl-C stops all of it."""
from __future__ import annotations

import os
import re
import shutil
import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path

import requests

from bot.serving.services import free_port
from bot.settings import PROJECT_ROOT
from tests.services import REDIS_URL, create_postgres_database, drop_postgres_database, require


def _children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _read_until(launcher: subprocess.Popen, output: list[str], marker: str) -> str:
    for line in launcher.stdout:
        output.append(line)
        if marker in line:
            return "".join(output)
    raise AssertionError("".join(output))


def test_launcher_starts_everything_restarts_a_dead_one_and_ctrl_c_stops_it(tmp_path):
    rasa_port, action_port, web_port, mail_port = free_port(), free_port(), free_port(), free_port()
    env = {**os.environ, "BOT_DATA_DIR": str(tmp_path), "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port),
           "WEB_PORT": str(web_port), "MAIL_INGRESS_PORT": str(mail_port)}
    for name in ("DATABASE_URL", "TRACKER_STORE_URL", "REDIS_URL", "RABBITMQ_URL", "RASA_TOKEN", "SMTP_URL",
                 "MAIL_FROM", "MAIL_REPLY_DOMAIN"):
        env.pop(name, None)
    launcher = subprocess.Popen([sys.executable, "-m", "bot.serving.run"], cwd=PROJECT_ROOT, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = []
    deadline = time.monotonic() + 600
    try:
        for line in launcher.stdout:
            output.append(line)
            if "Press Ctrl-C to stop." in line or time.monotonic() > deadline:
                break
        printed = "".join(output)
        assert f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook" in printed, printed
        assert f"http://127.0.0.1:{web_port}" in printed
        assert f"Email:             written to {tmp_path / 'outbox'}/ as .eml files, not sent" in printed
        assert f"Emailed answers:   smtp://127.0.0.1:{mail_port} (mail to @localhost)" in printed
        with smtplib.SMTP("127.0.0.1", mail_port, timeout=10) as ingress:
            assert ingress.noop()[0] == 250, "the ingress answers SMTP"
        assert "WebChat.default" in requests.get(f"http://127.0.0.1:{web_port}/", timeout=10).text
        assert f"http://127.0.0.1:{web_port}/console  (no accounts yet: python -m bot users add" in printed
        assert "Sign in" in requests.get(f"http://127.0.0.1:{web_port}/console/login", timeout=10).text
        children = [int(p) for p in re.search(r"Child processes:\s+([\d ]+)", printed).group(1).split()]
        reply = requests.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                              json={"sender": "launcher", "message": "hello"}, timeout=60).json()
        assert reply and "customer care assistant" in reply[0]["text"]
        token = (tmp_path / "rasa-token").read_text().strip()
        assert requests.get(f"http://127.0.0.1:{rasa_port}/status", params={"token": token}, timeout=10).ok

        os.kill(children[2], signal.SIGKILL)  # actions, rasa, website: as the kernel's out-of-memory killer would
        _read_until(launcher, output, "==> web stopped (exit -9); starting it again")
        reply = requests.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                              json={"sender": "launcher", "message": "hello"}, timeout=60).json()
        assert reply, "Rasa and the action server serve on while the website is down"
        _read_until(launcher, output, "==> web is back")
        assert "WebChat.default" in requests.get(f"http://127.0.0.1:{web_port}/", timeout=10).text
        with smtplib.SMTP("127.0.0.1", mail_port, timeout=10) as ingress:
            assert ingress.noop()[0] == 250, "the ingress is back too"
        children = _children_of(launcher.pid)
        assert len(children) == 3, children
    finally:
        launcher.send_signal(signal.SIGINT)
        launcher.wait(timeout=60)
    assert "stopping" in launcher.stdout.read()
    for pid in children:
        assert not os.path.exists(f"/proc/{pid}") or open(f"/proc/{pid}/stat").read().split()[2] == "Z", pid


def test_launcher_with_two_instances_starts_a_stopped_one_again(tmp_path):
    if not shutil.which("haproxy"):
        require("HAProxy", 0)  # skips, or fails with REQUIRE_SERVICES=1
    databases = [create_postgres_database(), create_postgres_database()]
    require("Redis", 6379)
    rasa_port, action_port, web_port = free_port(), free_port(), free_port()
    env = {**os.environ, "BOT_DATA_DIR": str(tmp_path), "RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port),
           "WEB_PORT": str(web_port), "MAIL_INGRESS_PORT": str(free_port()), "RASA_INSTANCES": "2",
           "DATABASE_URL": databases[0],
           "TRACKER_STORE_URL": databases[1], "REDIS_URL": REDIS_URL}
    env.pop("RASA_TOKEN", None)
    launcher = subprocess.Popen([sys.executable, "-m", "bot.serving.run"], cwd=PROJECT_ROOT, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output: list[str] = []
    try:
        printed = _read_until(launcher, output, "Press Ctrl-C to stop.")
        assert "starting 2 action and Rasa servers, HAProxy" in printed
        assert "HAProxy:" in printed and "rasa-2.log" in printed
        children = [int(p) for p in re.search(r"Child processes:\s+([\d ]+)", printed).group(1).split()]
        os.kill(children[2], signal.SIGKILL)  # actions-1, actions-2, rasa-1, rasa-2, website, HAProxy
        _read_until(launcher, output, "==> rasa-1 stopped")
        _read_until(launcher, output, "==> rasa-1 is back")
        served, deadline = set(), time.monotonic() + 20  # HAProxy takes it back after two health checks
        while served != {"rasa-1", "rasa-2"} and time.monotonic() < deadline:
            reply = requests.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                                  json={"sender": f"launcher-{len(served)}", "message": "hello"}, timeout=60)
            assert reply.ok and "customer care assistant" in reply.json()[0]["text"]
            served.add(reply.headers["X-Served-By"])
            time.sleep(0.5)
        assert served == {"rasa-1", "rasa-2"}
    finally:
        launcher.send_signal(signal.SIGINT)
        launcher.wait(timeout=60)
        for url in databases:
            drop_postgres_database(url)
    assert "stopping" in launcher.stdout.read()
