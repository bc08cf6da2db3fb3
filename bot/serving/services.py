"""Starting and stopping the action server, the Rasa server and the website as child processes;
with several instances, as many Rasa and action servers behind HAProxy.

Process supervision only: used by `make run` (bot.serving.run) and by the end-to-end tests.
"""
from __future__ import annotations

import csv
import io
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

import requests

from bot import settings
from bot.serving.endpoints import render_endpoints
from bot.serving.haproxy import Upstream, haproxy_config

REQUEST_MAX_BYTES = 2_000_000


@dataclass(kw_only=True)
class Server:
    """One child server process and how to start it again."""

    name: str
    port: int
    args: list[str]
    log: Path
    health_path: str  # answers 200 once the server is up
    process: subprocess.Popen
    smtp_port: Optional[int] = None  # also accepts SMTP there once up (the website's mail ingress)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_up(self, seconds: float) -> None:
        wait_until_up(self.url + self.health_path, self.process, seconds, self.log)
        if self.smtp_port:
            wait_until_listening(self.smtp_port, self.process, seconds, self.log)


@dataclass(frozen=True, kw_only=True)
class Running:
    rasa_url: str  # where customers and the console reach Rasa (HAProxy when there are several)
    action_url: str
    web_url: str
    token: str
    rasa_servers: tuple[Server, ...]
    action_servers: tuple[Server, ...]
    web: Server  # the website, with the SMTP ingress for customers' emailed answers when `mail_port` is set
    env: dict
    balancer: Optional[Server] = None  # HAProxy, when there are several instances
    mail_port: Optional[int] = None

    @property
    def servers(self) -> tuple[Server, ...]:
        return (*self.action_servers, *self.rasa_servers, self.web, *([self.balancer] if self.balancer else []))

    @property
    def processes(self) -> tuple[subprocess.Popen, ...]:
        return tuple(s.process for s in self.servers)

    @property
    def stats_url(self) -> Optional[str]:
        """HAProxy's status page (CSV at `{stats_url};csv`)."""
        return self.balancer.url + self.balancer.health_path if self.balancer else None

    def balancer_status(self) -> dict[tuple[str, str], str]:
        """HAProxy's view: (backend, server) -> UP, DOWN, …"""
        text = requests.get(f"{self.stats_url};csv", timeout=5).text.lstrip("# ")
        return {(row["pxname"], row["svname"]): row["status"] for row in csv.DictReader(io.StringIO(text))}

    def wait_until_balanced(self, names: list[str], status: str, seconds: float = 60) -> None:
        """Until HAProxy sees each named server with `status` in every backend it is in."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            seen = self.balancer_status()
            if all(state == status for (_, name), state in seen.items() if name in names):
                return
            time.sleep(0.5)
        raise TimeoutError(f"HAProxy did not see {', '.join(names)} {status} within {seconds:.0f}s")

    def restart(self, server: Server) -> None:
        """Start a stopped (or killed) server again, as it was started; behind HAProxy, until it
        takes traffic again."""
        server.process = _start(server.args, self.env, server.log)
        server.wait_until_up(240)
        if self.balancer and server in (*self.rasa_servers, *self.action_servers):
            self.wait_until_balanced([server.name], "UP")


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


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float, log: Path) -> None:
    """Until something accepts TCP connections on 127.0.0.1:`port` (the SMTP ingress)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"port {port}'s process exited with {process.returncode}; see {log}")
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"nothing listened on port {port} within {seconds:.0f}s; see {log}")


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


def _rasa_args(model: Path, port: int, endpoints_file: Path, web_url: str) -> list[str]:
    return [sys.executable, "-m", "bot.serving.rasa_server", "run", "--enable-api", "--cors", web_url,
            "-i", "127.0.0.1", "-p", str(port), "-m", str(model), "--endpoints", str(endpoints_file),
            "--credentials", "credentials.yml"]


def _action_args(port: int) -> list[str]:
    return [str(Path(sys.executable).with_name("rasa")), "run", "actions", "--port", str(port), "--actions", "actions"]


def _start_servers(kind: str, ports: list[int], args: Callable[[int], list[str]], health_path: str, env: dict,
                   run_dir: Path) -> tuple[Server, ...]:
    """One server per port; a single one logs to `{kind}.log`, several to `{kind}-1.log`, …"""
    servers = []
    for number, port in enumerate(ports, start=1):
        name = kind if len(ports) == 1 else f"{kind}-{number}"
        log = run_dir / f"{name}.log"
        servers.append(Server(name=name, port=port, args=args(port), log=log, health_path=health_path,
                              process=_start(args(port), env, log)))
    return tuple(servers)


def require_shared_services(env: dict, instances: int) -> None:
    """Several instances share their stores: no SQLite files and no in-memory lock store."""
    if instances == 1:
        return
    missing = [name for name, ok in (
        ("REDIS_URL (the lock store and the widget's socket.io messages)", settings.redis_url(env)),
        ("TRACKER_STORE_URL (PostgreSQL)", not settings.tracker_store_url(env).startswith("sqlite")),
        ("DATABASE_URL (PostgreSQL)", not settings.database_url(env).startswith("sqlite")),
    ) if not ok]
    if missing:
        raise RuntimeError(f"RASA_INSTANCES={instances} needs shared services; set " + ", ".join(missing))
    if not shutil.which("haproxy"):
        raise RuntimeError("RASA_INSTANCES needs HAProxy: apt-get install haproxy")


@contextmanager
def running(model: Path, *, rasa_port: int = 5005, action_port: int = 5055, web_port: int = 8000,
            env: Optional[dict] = None, run_dir: Optional[Path] = None, instances: int = 1,
            mail_port: Optional[int] = None) -> Iterator[Running]:
    """Start the action server, Rasa (REST and socket.io) and the website on loopback; stop all on exit.
    With several `instances`, as many Rasa servers and action servers run behind HAProxy, which
    listens on `rasa_port` and `action_port` (bot.serving.haproxy). With `mail_port`, the website's process
    also takes customers' emailed answers there (bot.mail.ingress)."""
    web_url = f"http://127.0.0.1:{web_port}"
    run_dir = private_dir(run_dir or settings.data_dir())
    env = {**os.environ, **(env or {}), "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
           "PYTHONPATH": str(settings.PROJECT_ROOT)}
    require_shared_services(env, instances)
    # Sanic refuses bigger request bodies before parsing them (413); smaller over-long messages get
    # the channel's polite refusal (bot.serving.channels.guards). Sanic reads SANIC_* settings from the environment.
    env.setdefault("SANIC_REQUEST_MAX_SIZE", str(REQUEST_MAX_BYTES))
    settings.action_server_secret(env)  # made before Rasa and the action server start, which both read it
    token = env.get("RASA_TOKEN") or secrets.token_urlsafe(24)
    env.update(RASA_TOKEN=token, RASA_API_URL=f"http://127.0.0.1:{rasa_port}")
    endpoints_file = run_dir / "endpoints.yml"  # may hold database passwords
    endpoints_file.touch(mode=0o600)
    endpoints_file.chmod(0o600)
    endpoints_file.write_text(render_endpoints(env))
    several = instances > 1
    if several:  # every peer of the servers is HAProxy, on loopback: its X-Forwarded-For names the client
        env.setdefault("TRUSTED_PROXIES", "127.0.0.1")
    action_ports = [free_port() for _ in range(instances)] if several else [action_port]
    rasa_ports = [free_port() for _ in range(instances)] if several else [rasa_port]
    actions = _start_servers("actions", action_ports, _action_args, "/health", env, run_dir)
    rasa = _start_servers("rasa", rasa_ports, lambda port: _rasa_args(model, port, endpoints_file, web_url), "/",
                          env, run_dir)
    web_args = [sys.executable, "-m", "bot.web", "--port", str(web_port), "--rasa-url", f"http://127.0.0.1:{rasa_port}",
                "--mail-port", str(mail_port or 0)]
    web = Server(name="web", port=web_port, args=web_args, log=run_dir / "web.log", health_path="/",
                 process=_start(web_args, env, run_dir / "web.log"),
                 smtp_port=mail_port)
    balancer = None
    if several:
        stats_port = free_port()
        config = run_dir / "haproxy.cfg"
        config.write_text(haproxy_config(rasa_port=rasa_port, rasa=[Upstream(s.name, s.port) for s in rasa],
                                         action_port=action_port, actions=[Upstream(s.name, s.port) for s in actions],
                                         stats_port=stats_port))
        haproxy_args = [str(shutil.which("haproxy")), "-db", "-f", str(config)]
        balancer = Server(name="haproxy", port=stats_port, args=haproxy_args, log=run_dir / "haproxy.log",
                          health_path="/stats",
                          process=_start(haproxy_args, env, run_dir / "haproxy.log"))
    up = Running(rasa_url=f"http://127.0.0.1:{rasa_port}", action_url=f"http://127.0.0.1:{action_port}",
                 web_url=web_url, token=token, rasa_servers=rasa, action_servers=actions,
                 web=web, env=env, balancer=balancer, mail_port=mail_port)
    try:
        for server in up.servers:
            server.wait_until_up(240)
        if several:
            up.wait_until_balanced([s.name for s in (*rasa, *actions)], "UP")
        yield up
    finally:
        stop(up.processes)
