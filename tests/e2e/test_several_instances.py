"""Two Rasa instances and two action servers behind HAProxy, on PostgreSQL and Redis: REST
conversations spread over both, a widget's messages reach it from either instance, and a widget
whose instance is killed (SIGKILL) carries on from where it was through the other one, and a REST
request in flight on a killed instance is answered by the other one, once."""
from __future__ import annotations

import asyncio
import csv
import io
import os
import shutil
import signal
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Iterator

import pytest
import requests

from bot.privacy.pii import mask_personal_data
from bot.serving.rasa_api import RasaClient
from bot.serving.services import Server
from tests.e2e.test_conversations import case_of
from tests.e2e.test_socketio import WidgetClient
from tests.running_bot import Bot, start_bot
from tests.services import require, run_async


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Bot]:
    if not shutil.which("haproxy"):
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("HAProxy is not installed and REQUIRE_SERVICES=1 (apt-get install haproxy)", pytrace=False)
        pytest.skip("HAProxy is not installed")
    require("PostgreSQL", 5432)
    require("Redis", 6379)
    # A killed instance's conversation lock is given up after 15 s here, not Rasa's 60 s default.
    yield from start_bot(tmp_path_factory.mktemp("cluster"), instances=2, extra_env={"TICKET_LOCK_LIFETIME": "15"})


def served_by(cluster: Bot, path: str = "/socket.io/?EIO=4&transport=polling") -> str:
    """The instance HAProxy sends this client's `path` requests to (all come from 127.0.0.1)."""
    return requests.get(cluster.url + path, timeout=10).headers["X-Served-By"]


def instance(cluster: Bot, name: str) -> Server:
    return next(s for s in cluster.servers.rasa_servers if s.name == name)


def user_texts(cluster: Bot, conversation: str) -> list[str]:
    return [e["text"] for e in cluster.tracker(conversation)["events"] if e["event"] == "user"]


def test_a_rest_conversation_is_served_by_both_instances_and_reaches_its_outcome(cluster, fresh_order_in):
    order, email = fresh_order_in(cluster, "ORD-10001")
    sender, servers = "rest-across-instances", set()
    for text in ("My parcel never arrived", order, email, "A refund"):
        reply = requests.post(f"{cluster.url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                              timeout=60)
        assert reply.ok and reply.json(), text
        servers.add(reply.headers["X-Served-By"])
    assert servers == {"rasa-1", "rasa-2"}
    assert user_texts(cluster, sender) == ["My parcel never arrived", order, mask_personal_data(email), "A refund"]
    case = case_of(cluster, sender)
    assert (case["category"], case["outcome"]) == ("delivery", "goodwill")


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_widget_carries_on_when_its_instance_is_killed(cluster, fresh_order_in, transport):
    order, email = fresh_order_in(cluster, "ORD-10001")
    holder = served_by(cluster)
    other = "rasa-2" if holder == "rasa-1" else "rasa-1"

    async def conversation() -> tuple[str, list[str], list[str]]:
        widget = WidgetClient(cluster.url, transports=[transport])
        token = await widget.open()
        widget.rejoin_on_reconnect()
        conversation_id = cluster.conversation_of(token)
        # A person's message sent through the instance that does not hold the socket reaches it.
        await asyncio.to_thread(RasaClient(instance(cluster, other).url, cluster.token).say, conversation_id,
                                "Hello, I'm Ana from the support team.", "Ana", "en")
        pushed_replies = await widget.replies()
        pushed = [r["text"] for r in pushed_replies]
        assert [r["metadata"]["language"] for r in pushed_replies] == ["en"], "a person's message says its language"
        await widget.say("My parcel never arrived")
        await widget.replies()
        await widget.say(order)
        before = [r["text"] for r in await widget.replies()]
        instance(cluster, holder).process.kill()  # SIGKILL: no goodbye to anyone
        await asyncio.to_thread(cluster.servers.wait_until_balanced, [holder], "DOWN")
        await widget.wait_rejoined(60)
        await widget.say(email)
        after = [r["text"] for r in await widget.replies()]
        await widget.close()
        return conversation_id, pushed, before + after

    try:
        conversation_id, pushed, said = run_async(conversation())
    finally:
        killed = instance(cluster, holder)
        if killed.process.poll() is not None:
            cluster.servers.restart(killed)
    assert pushed == ["Hello, I'm Ana from the support team."]
    assert any("email" in text for text in said), said  # the order was taken before the kill
    assert any("What would put this right for you" in text for text in said[-2:]), said  # the form went on
    assert user_texts(cluster, conversation_id) == ["My parcel never arrived", order, mask_personal_data(email)]
    cluster.servers.wait_until_balanced([holder], "UP")
    assert {served_by(cluster, "/") for _ in range(4)} == {"rasa-1", "rasa-2"}  # the restarted one rejoined


def test_a_killed_action_server_is_not_noticed(cluster, fresh_order_in):
    order, email = fresh_order_in(cluster, "ORD-10001")
    first = cluster.servers.action_servers[0]
    first.process.kill()
    try:
        sender = "one-action-server-down"
        replies = [cluster.say(sender, text) for text in ("My parcel never arrived", order, email, "A refund")]
        assert all(replies)
        assert (case_of(cluster, sender)["outcome"]) == "goodwill"
    finally:
        cluster.servers.restart(first)


def wait_until_stopped(pid: int, seconds: float = 10) -> None:
    """Until the kernel shows the process stopped (a signal takes effect when it is next scheduled)."""
    deadline = time.monotonic() + seconds
    while "T (stopped)" not in Path(f"/proc/{pid}/status").read_text() and time.monotonic() < deadline:
        time.sleep(0.01)


def instance_waiting_on_actions(cluster: Bot, seconds: float = 30) -> str:
    """The Rasa instance HAProxy has a REST request open with, once that instance is waiting for the
    action server (it holds the conversation's lock by then): HAProxy's current sessions (`scur`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stats = requests.get(f"{cluster.servers.stats_url};csv", timeout=5).text
        busy = {(row["pxname"], row["svname"]) for row in csv.DictReader(io.StringIO(stats.lstrip("# ")))
                if int(row["scur"] or 0) > 0}
        holders = [server for backend, server in busy if backend == "rasa_http" and server.startswith("rasa-")]
        if holders and ("actions", "BACKEND") in busy:
            return holders[0]
        time.sleep(0.1)
    raise TimeoutError("no Rasa instance took the request to the action server")


def test_a_rest_request_in_flight_on_a_killed_instance_is_answered_by_the_other_once(cluster, fresh_order_in):
    order, _ = fresh_order_in(cluster, "ORD-10001")
    sender = f"in-flight-{uuid.uuid4().hex[:8]}"
    cluster.say(sender, "My parcel never arrived")
    stopped = [server.process.pid for server in cluster.servers.action_servers]
    holder = None
    try:
        for pid in stopped:  # the order's check waits on the action server: the request stays in flight
            os.kill(pid, signal.SIGSTOP)
            wait_until_stopped(pid)
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(requests.post, f"{cluster.url}/webhooks/rest/webhook",
                                  json={"sender": sender, "message": order}, timeout=180)
            holder = instance_waiting_on_actions(cluster)
            instance(cluster, holder).process.kill()
            for pid in stopped:
                os.kill(pid, signal.SIGCONT)
            reply = pending.result()
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
        if holder and instance(cluster, holder).process.poll() is not None:
            cluster.servers.restart(instance(cluster, holder))
    assert reply.status_code == 200, reply.text[:300]
    assert reply.headers["X-Served-By"] != holder
    assert "email" in reply.json()[-1]["text"]
    assert user_texts(cluster, sender) == ["My parcel never arrived", order]
