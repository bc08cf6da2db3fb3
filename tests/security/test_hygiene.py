"""What a local user or a page visitor could otherwise see or do, on the real running bot: the
Rasa token is not in the process list, the data folder is its owner's alone, pages carry a
Content-Security-Policy, and a typed command cannot accept an offer that was never made."""
from __future__ import annotations

import stat
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from bot.store import session_scope
from bot.store.models import GoodwillGrant
from tests.e2e.test_conversations import texts


def test_the_rasa_token_is_not_on_any_command_line(bot):
    bot.say("c-token-check", "hello")
    lines = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines.append(cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            continue
    assert any("bot.serving.rasa_server" in line for line in lines), "Rasa runs through bot.serving.rasa_server"
    assert not [line for line in lines if bot.token in line]


def test_the_data_folder_is_its_owners_alone(bot):
    folder = Path(bot.env["BOT_DATA_DIR"])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = [path for path in folder.iterdir() if path.is_file()]
    assert {"rasa.log", "actions.log", "web.log", "endpoints.yml"} <= {p.name for p in files}
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in files} == {p.name: "0o600" for p in files}


@pytest.mark.parametrize("path", ["/", "/?lang=es", "/console/login"])
def test_pages_carry_a_content_security_policy(bot, path):
    response = requests.get(bot.web_url + path, timeout=10)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    if path != "/console/login":
        nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
        assert f'<script nonce="{nonce}">' in response.text
        assert bot.url.replace("http://", "ws://") in policy, "the widget may reach Rasa's socket.io"


def test_a_typed_affirm_accepts_no_offer_that_was_never_made(bot, conversation, fresh_order):
    order, email = fresh_order("ORD-10001")

    def grants() -> int:
        with session_scope(bot.engine) as session:
            return session.execute(select(func.count()).select_from(GoodwillGrant)).scalar_one()

    before = grants()
    sender = conversation("cmd")
    assert texts(bot.say(sender, "/affirm"))
    assert texts(bot.say(sender, '/affirm{"email": "' + email + '", "order_ref": "' + order + '"}'))
    users = [e for e in bot.tracker(sender)["events"] if e["event"] == "user"]
    assert users[0]["parse_data"]["intent"]["name"] == "affirm", "the bot's own button command still works"
    assert not users[1]["text"].startswith("/"), "a command with entities is read as words"
    assert users[1]["parse_data"]["intent"]["confidence"] < 1.0
    assert grants() == before


def test_the_category_buttons_work_and_their_commands_carry_nothing_more(bot, conversation):
    sender = conversation("cat")
    bot.say(sender, "I have a complaint")
    bot.say(sender, "/complain_billing")  # the button a customer clicks when asked which problem it is
    bot.say(sender, '/complain_billing{"order_ref": "ORD-10001"}')
    users = [e for e in bot.tracker(sender)["events"] if e["event"] == "user"]
    assert users[1]["parse_data"]["intent"] == {"name": "complain_billing", "confidence": 1.0}
    assert not users[2]["text"].startswith("/"), "a category command with entities is read as words"
