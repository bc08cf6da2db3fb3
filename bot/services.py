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


def _start(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:  # the child keeps its own copy of the file descriptor
        return subprocess.Popen(args, cwd=settings.PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


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
    run_dir = run_dir or settings.RUN_DIR
    run_dir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **(env or {}), "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
           "PYTHONPATH": str(settings.PROJECT_ROOT)}
    token = env.get("RASA_TOKEN") or secrets.token_urlsafe(24)
    env.update(RASA_TOKEN=token, RASA_API_URL=f"http://127.0.0.1:{rasa_port}")
    endpoints_file = run_dir / "endpoints.yml"
    endpoints_file.write_text(render_endpoints(env))
    bin_dir = Path(sys.executable).parent
    actions = _start([str(bin_dir / "rasa"), "run", "actions", "--port", str(action_port), "--actions", "actions"],
                     env, run_dir / "actions.log")
    rasa = _start([str(bin_dir / "rasa"), "run", "--enable-api", f"--auth-token={token}", "--cors", web_url,
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
