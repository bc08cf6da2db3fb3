"""A Medusa v2 shop on this machine, for the tests and the demo: installed from the committed lock
(`medusa_project/`) into a cache outside the checkout, migrated once into a template database, then
one shop per run on its own database copied from the template.

Installing and starting only; what the bot reads from a shop is `bot.orders.sources.medusa`'s.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from bot.store.databases import create_named_database, database_exists, drop_named_database, rename_database

PROJECT = Path(__file__).resolve().parent / "medusa_project"
ADMIN_EMAIL, ADMIN_PASSWORD = "bot-admin@example.com", "a long enough admin password"
_PROJECT_FILES = ("package.json", "package-lock.json", "medusa-config.ts", "tsconfig.json")


class ShopError(RuntimeError):
    """The shop could not be installed or started; the message says which step and why."""


def _lock_hash() -> str:
    digest = hashlib.sha256()
    for name in _PROJECT_FILES:
        digest.update((PROJECT / name).read_bytes())
    return digest.hexdigest()[:12]


def install(cache: Path) -> Path:
    """The shop's folder in `cache`, installed with `npm ci` from the lock on first use (about 2
    minutes); later calls reuse it."""
    folder = cache / f"medusa-{_lock_hash()}"
    if (folder / "node_modules" / ".installed").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for name in _PROJECT_FILES:
        shutil.copy(PROJECT / name, folder / name)
    done = subprocess.run(["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=folder, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise ShopError(f"npm ci failed: {done.stderr[-2000:]}")
    (folder / "node_modules" / ".installed").touch()
    return folder


def _env(database_url: str, port: int = 9000) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "MEDUSA_DISABLE_TELEMETRY": "true",
            "JWT_SECRET": "bot-test-jwt", "COOKIE_SECRET": "bot-test-cookie"}


def _medusa(folder: Path, database_url: str, *args: str, timeout: int = 300) -> None:
    done = subprocess.run([str(folder / "node_modules" / ".bin" / "medusa"), *args], cwd=folder,
                          env=_env(database_url), capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise ShopError(f"medusa {' '.join(args)} failed: {(done.stdout + done.stderr)[-2000:]}")


def template(folder: Path, admin_url: str) -> str:
    """A migrated database with the bot's admin user, made once per lock (about 30 s) and kept."""
    name = f"medusa_template_{_lock_hash()}"
    if not database_exists(admin_url, name):
        building = f"{name}_building"
        drop_named_database(admin_url, building)
        url = create_named_database(admin_url, building)
        _medusa(folder, url, "db:migrate")
        _medusa(folder, url, "user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD)
        rename_database(admin_url, building, name)
    return name


@dataclass
class RunningShop:
    url: str
    database: str
    process: subprocess.Popen
    log: Path

    def admin_token(self) -> str:
        """A short-lived admin session token (for making the secret API key the bot uses)."""
        answer = requests.post(f"{self.url}/auth/user/emailpass",
                               json={"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}, timeout=30)
        answer.raise_for_status()
        return answer.json()["token"]

    def secret_api_key(self, title: str = "complaint bot") -> str:
        """A new secret API key for the Admin API, as a shop owner makes one for the bot."""
        answer = requests.post(f"{self.url}/admin/api-keys", json={"title": title, "type": "secret"},
                               headers={"Authorization": f"Bearer {self.admin_token()}"}, timeout=30)
        answer.raise_for_status()
        return answer.json()["api_key"]["token"]

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(folder: Path, admin_url: str, database: str, port: int, log: Path, seconds: float = 90) -> RunningShop:
    """`medusa start` on a fresh copy of the template, its log outside the shop's folder (the shop
    watches its folder), answering /health within `seconds`."""
    drop_named_database(admin_url, database)
    url = create_named_database(admin_url, database, template=template(folder, admin_url))
    with log.open("wb") as out:
        process = subprocess.Popen([str(folder / "node_modules" / ".bin" / "medusa"), "start"], cwd=folder,
                                   env=_env(url, port), stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    shop = RunningShop(f"http://127.0.0.1:{port}", database, process, log)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ShopError(f"medusa start exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(f"{shop.url}/health", timeout=2).status_code == 200:
                return shop
        except requests.RequestException:
            pass
        time.sleep(0.5)
    shop.stop()
    raise ShopError(f"medusa did not answer within {seconds:.0f} s: {log.read_text(errors='replace')[-2000:]}")


if __name__ == "__main__":  # `python -m bot.orders.sources.medusa_shop`: install into the cache
    from bot import settings

    print(f"==> the Medusa shop, installed from its lock (first time: about 2 minutes): "
          f"{install(settings.cache_dir())}", flush=True)
