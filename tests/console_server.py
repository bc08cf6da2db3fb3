"""The support console served over real HTTP (waitress on a free port) with two accounts and two
conversations, and the helpers to sign in: shared by the console and security tests."""
from __future__ import annotations

import re
import threading
from datetime import datetime

import pytest
import requests
from waitress.server import create_server

from bot.store import session_scope
from bot.store.accounts import add_user
from bot.store.models import Case
from bot.web import create_app
from tests.trackers import bot, customer, language, paused

PASSWORD = "a long enough password"
SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def console(store, rasa_trackers, tmp_path):
    """The web app serving the console over HTTP; Rasa's API address points at a closed port."""
    with session_scope(store) as session:
        add_user(session, "lena", "lead", PASSWORD)
        add_user(session, "ana", "agent", PASSWORD)
        session.add(Case(conversation_id="c-es", language="es", category="delivery", status="queued",
                         outcome="handoff", details=f"{SCRIPT} escribidme a maria@example.es",
                         handed_off_at=datetime.utcnow(), evidence=[],
                         reasons=[{"rule": "human_requested", "detail": ""}]))
    rasa_trackers.add("c-es", [customer(f"mi paquete no llegó {SCRIPT} maria@example.es", "complain_delivery", 0),
                               language("es", 1), bot("Lo siento mucho", 2), paused(3)])
    rasa_trackers.add("c-en", [customer("hello", "greet", 100), language("en", 101), bot("Hi!", 102)])
    env = {"CONSOLE_SECRET_KEY": "test-secret", "RASA_API_URL": "http://127.0.0.1:9", "RASA_TOKEN": "t",
           "BOT_DATA_DIR": str(tmp_path)}
    server = create_server(create_app("http://127.0.0.1:5005", env=env, store=store, tracker=store),
                           host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)


def csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def sign_in(base: str, name: str, password: str = PASSWORD) -> requests.Session:
    session = requests.Session()
    form = session.get(f"{base}/console/login")
    response = session.post(f"{base}/console/login", data={"csrf_token": csrf(form.text), "name": name,
                                                           "password": password})
    assert response.status_code == (200 if password == PASSWORD else 401), response.text[:300]
    return session
