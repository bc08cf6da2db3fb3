"""The demo shop page over HTTP: both languages, the widget served locally, nothing from a CDN."""
import json
import re

import pytest

from bot.web import create_app


@pytest.fixture
def client():
    return create_app("http://127.0.0.1:5005").test_client()


@pytest.mark.parametrize("query, language, title, placeholder", [
    ("", "en", "Customer care", "Type your message…"),
    ("?lang=es", "es", "Atención al cliente", "Escribe tu mensaje…"),
    ("?lang=fr", "en", "Customer care", "Type your message…"),
])
def test_page_in_each_language(client, query, language, title, placeholder):
    html = client.get(f"/{query}").get_data(as_text=True)
    assert f'<html lang="{language}">' in html
    assert f'customData: {{language: "{language}", time_zone: Intl.DateTimeFormat()' in html
    assert f"title: {json.dumps(title)}" in html and f"inputTextFieldHint: {json.dumps(placeholder)}" in html


def test_the_widget_comes_from_this_server_only(client):
    html = client.get("/").get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(not s.startswith(("http:", "https:", "//")) for s in sources), sources
    bundle = client.get("/widget/webchat.js")
    assert bundle.status_code == 200 and bundle.mimetype == "application/javascript"
    assert b"WebChat" in bundle.get_data()


def test_the_query_string_cannot_inject_markup(client):
    html = client.get('/?lang="><script>alert(1)</script>').get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
