"""Console sign-in over real HTTP: failed sign-ins are limited per account and per address, with
a clear message and an audit entry; signing out ends the session on the server; cookies can be
marked Secure for HTTPS."""
from __future__ import annotations

import re
import subprocess
import sys
import uuid

import requests
from sqlalchemy import select

from bot.serving.services import free_port, stop, wait_until_up
from bot.store import session_scope
from bot.store.accounts import add_user
from bot.store.models import AuditEntry
from bot.web import create_app
from tests.console_server import PASSWORD, csrf, sign_in
from tests.services import require


def attempt(base: str, name: str, password: str) -> requests.Response:
    browser = requests.Session()
    form = browser.get(f"{base}/console/login")
    return browser.post(f"{base}/console/login", data={"csrf_token": csrf(form.text), "name": name,
                                                       "password": password}, allow_redirects=False)


def actions(store, name: str) -> list[str]:
    with session_scope(store) as session:
        return [e.action for e in session.execute(select(AuditEntry).where(AuditEntry.user_name == name)
                                                  .order_by(AuditEntry.id)).scalars()]


def test_an_account_is_locked_after_five_failed_sign_ins(console, store):
    statuses = [attempt(console, "ana", f"guess number {n}").status_code for n in range(40)]
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}
    refused = attempt(console, "ana", PASSWORD)
    assert refused.status_code == 429, "the right password does not open a locked account"
    assert "Too many failed sign-ins" in refused.text
    assert actions(store, "ana").count("login_failed") == 5 and "login_locked" in actions(store, "ana")
    assert attempt(console, "lena", PASSWORD).status_code == 302, "other accounts are not locked"


def test_an_address_is_locked_after_twenty_failed_sign_ins(console, store):
    statuses = [attempt(console, f"someone{n}", "wrong password!").status_code for n in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429
    assert attempt(console, "lena", PASSWORD).status_code == 429


def test_signing_out_ends_the_session_on_the_server(console):
    lead = sign_in(console, "lena")
    stolen = requests.Session()
    stolen.cookies.update(lead.cookies)
    assert stolen.get(f"{console}/console/queue", allow_redirects=False).status_code == 200
    page = lead.get(f"{console}/console/queue")
    lead.post(f"{console}/console/logout", data={"csrf_token": csrf(page.text)})
    after = stolen.get(f"{console}/console/queue", allow_redirects=False)
    assert after.status_code == 302 and "/console/login" in after.headers["Location"]


def test_session_cookies_are_secure_when_served_over_https(store, tmp_path):
    with session_scope(store) as session:
        add_user(session, "lena", "lead", PASSWORD)
    for flag, secure in (("1", True), ("", False)):
        env = {"CONSOLE_SECRET_KEY": "k", "BOT_DATA_DIR": str(tmp_path), "CONSOLE_SECURE_COOKIES": flag}
        client = create_app("http://127.0.0.1:5005", env=env, store=store, tracker=store).test_client()
        form = client.get("/console/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
        response = client.post("/console/login", data={"csrf_token": token, "name": "lena", "password": PASSWORD})
        cookies = response.headers.getlist("Set-Cookie")
        assert cookies and all(("; Secure" in c) == secure for c in cookies)


def test_with_redis_failed_sign_ins_count_across_web_processes(bot, tmp_path):
    """Several web processes share one count in Redis: five failures on one lock the account on
    another (in memory, each process would give five more)."""
    require("Redis", 6379)
    assert bot.env.get("REDIS_URL"), "the running bot counts in Redis"
    port = free_port()
    log = tmp_path / "second-web.log"
    with log.open("wb") as out:
        second = subprocess.Popen([sys.executable, "-m", "bot.web", "--port", str(port), "--rasa-url", bot.url],
                                  env=bot.servers.env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/console/login", second, 60, log)
        name = f"nobody-{uuid.uuid4().hex[:8]}"
        assert [attempt(bot.web_url, name, f"guess {n}").status_code for n in range(5)] == [401] * 5
        assert attempt(f"http://127.0.0.1:{port}", name, "guess 6").status_code == 429
    finally:
        stop((second,))
