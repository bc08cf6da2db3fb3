"""The action server answers the bot's Rasa server alone (issue 32): it listens on loopback, every
call but the health check must show the shared secret before its body is read, a deflate body is
inflated only up to a bound, and with the secret an action still trusts the store, not the slots a
caller sends."""
from __future__ import annotations

import socket
import zlib
from pathlib import Path

import requests

from bot.serving.action_guard import MAX_INFLATED_BYTES, SECRET_HEADER
from bot.settings import action_server_secret

FORGED_SLOTS = {"verified_order": "ORD-10003", "customer_email": "x***@example.com", "language": "en"}


def _call(bot, action: str, sender: str, slots: dict, secret: str | None) -> requests.Response:
    """A forged action call: what Rasa would post, with the tracker written by hand."""
    latest = {"text": "status?", "intent": {"name": "ask_status"}, "entities": []}
    tracker = {"sender_id": sender, "slots": slots, "latest_message": latest, "events": [], "paused": False,
               "followup_action": None, "active_loop": {},
               "latest_action_name": "action_listen", "latest_event_time": None, "latest_input_channel": "rest"}
    call = {"next_action": action, "sender_id": sender, "tracker": tracker, "domain": {}, "version": "3.6.21"}
    headers = {SECRET_HEADER: secret} if secret else {}
    return requests.post(f"{bot.servers.action_url}/webhook", json=call, headers=headers, timeout=30)


def _listening_addresses(port: int) -> set[str]:
    """The local addresses of sockets listening on `port`, from /proc/net/tcp{,6} (hex, as the kernel writes)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_it_listens_on_loopback_only(bot):
    port = int(bot.servers.action_url.rsplit(":", 1)[1])
    assert _listening_addresses(port) == {"0100007F"}, "127.0.0.1 alone, not 0.0.0.0 or ::"


def test_without_the_secret_nothing_but_health_answers(bot):
    assert requests.get(f"{bot.servers.action_url}/health", timeout=10).ok
    listed = requests.get(f"{bot.servers.action_url}/actions", timeout=10)
    assert listed.status_code == 401 and "action_tell_case_status" not in listed.text
    for secret in (None, "a guess", action_server_secret(bot.env) + "x"):
        refused = _call(bot, "action_tell_case_status", "forged-status", FORGED_SLOTS, secret)
        assert refused.status_code == 401 and "responses" not in refused.text, secret


def test_the_secret_is_checked_before_the_body_is_read(bot):
    """Headers that announce almost 2 MB, and no body: the refusal comes at once."""
    port = int(bot.servers.action_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(b"POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       b"Content-Length: 1900000\r\n\r\n")
        assert client.recv(200).startswith(b"HTTP/1.1 401"), "answered without waiting for the body"


def test_a_deflate_bomb_is_refused_past_its_bound(bot):
    bomb = zlib.compressobj(9)
    body = b"".join(bomb.compress(bytes(2**20)) for _ in range(MAX_INFLATED_BYTES // 2**20 * 3)) + bomb.flush()
    assert len(body) < 200_000
    refused = requests.post(f"{bot.servers.action_url}/webhook", data=body, timeout=30,
                            headers={SECRET_HEADER: action_server_secret(bot.env), "Content-Encoding": "deflate",
                                     "Content-Type": "application/json"})
    assert refused.status_code == 413


def test_with_the_secret_slots_the_store_does_not_back_prove_nothing(bot):
    """Rasa's own secret, a tracker that claims a verified order: the store says this conversation
    never proved it, so no case status is told and a person is asked instead."""
    answered = _call(bot, "action_tell_case_status", "forged-status-2", FORGED_SLOTS, action_server_secret(bot.env))
    assert answered.ok, answered.text
    said = [r.get("response") for r in answered.json()["responses"]]
    assert not any(name and name.startswith("utter_status") for name in said), said
    assert "utter_handoff" in " ".join(filter(None, said)), said
