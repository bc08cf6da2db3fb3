"""Starting and stopping the action server and the Rasa server as child processes.

Process supervision only: used by `make run` (bot.run) and by the end-to-end tests.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

import requests

from bot import settings
from bot.endpoints import render_endpoints

REQUEST_MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class Running:
    rasa_url: str
    action_url: str
    web_url: str
    token: str
    processes: tuple[subprocess.Popen, ...]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}; see {log}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f}s; see {log}")


def private_dir(path: Path) -> Path:
    """`path` created if needed and, with the files in it, readable by its owner only (logs,
    databases and secrets live there; files an older version left readable are closed too)."""
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    for child in path.iterdir():
        if child.is_file():
            child.chmod(0o600)
    return path


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    private_dir(log.parent)
    out_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(out_fd, "ab") as out:  # the child keeps its own copy of the file descriptor
        # umask: what the child creates (SQLite files, more logs) is its owner's alone too.
        return subprocess.Popen(args, cwd=settings.PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, umask=0o077)


def stop(processes: tuple[subprocess.Popen, ...]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@contextmanager
def running(model: Path, *, rasa_port: int = 5005, action_port: int = 5055, web_port: int = 8000,
            env: Optional[dict] = None, run_dir: Optional[Path] = None) -> Iterator[Running]:
    """Start the action server, Rasa (REST and socket.io) and the website on loopback; stop all on exit."""
    web_url = f"http://127.0.0.1:{web_port}"
    run_dir = private_dir(run_dir or settings.RUN_DIR)
    env = {**os.environ, **(env or {}), "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
           "PYTHONPATH": str(settings.PROJECT_ROOT)}
    # Sanic refuses bigger request bodies before parsing them (413); smaller over-long messages get
    # the channel's polite refusal (bot.channels). Sanic reads SANIC_* settings from the environment.
    env.setdefault("SANIC_REQUEST_MAX_SIZE", str(REQUEST_MAX_BYTES))
    token = env.get("RASA_TOKEN") or secrets.token_urlsafe(24)
    env.update(RASA_TOKEN=token, RASA_API_URL=f"http://127.0.0.1:{rasa_port}")
    endpoints_file = run_dir / "endpoints.yml"  # may hold database passwords
    endpoints_file.touch(mode=0o600)
    endpoints_file.chmod(0o600)
    endpoints_file.write_text(render_endpoints(env))
    bin_dir = Path(sys.executable).parent
    actions = _start([str(bin_dir / "rasa"), "run", "actions", "--port", str(action_port), "--actions", "actions"],
                     env, run_dir / "actions.log")
    rasa = _start([sys.executable, "-m", "bot.rasa_server", "run", "--enable-api", "--cors", web_url,
                   "-i", "127.0.0.1", "-p", str(rasa_port), "-m", str(model), "--endpoints", str(endpoints_file),
                   "--credentials", "credentials.yml"], env, run_dir / "rasa.log")
    web = _start([sys.executable, "-m", "bot.web", "--port", str(web_port), "--rasa-url",
                  f"http://127.0.0.1:{rasa_port}"], env, run_dir / "web.log")
    processes = (actions, rasa, web)
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, 120, run_dir / "actions.log")
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa, 240, run_dir / "rasa.log")
        wait_until_up(web_url, web, 60, run_dir / "web.log")
        yield Running(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", web_url, token, processes)
    finally:
        stop(processes)
