"""Latency, throughput, outcome accuracy and serving memory through Rasa's REST channel.

Our bot runs as `make run` runs it (action server, Rasa, SQLite tracker store and records
database in the loop, or the production stores given on the command line) beside a plain
`rasa init` bot trained in a temporary folder; each level of load runs against both in turn, so
the report can state our overhead as a ratio. Simulated customers send each message as soon as
the previous reply arrives. Usage: `python -m benchmarks.load [--levels 1,10,50]
[--database-url URL --tracker-store-url URL] [--redis-url URL] [--rabbitmq-url URL]` (the two
databases empty).
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterator, Optional

import aiohttp
from sqlalchemy import select

from benchmarks.processes import run_measured, tree_rss_mb
from benchmarks.scenarios import SCENARIOS, Scenario
from bot.orders.demo import copy_demo_order, seed_demo
from bot.serving.model import ensure_model
from bot.serving.services import Running, free_port, running, stop, wait_until_up
from bot.store import make_engine, session_scope
from bot.store.migrate import upgrade
from bot.store.models import Case

# Our bot's stores (their environment variables), which options may set in place of the embedded default.
STORES = {"DATABASE_URL": "an empty database for our records and cases (e.g. PostgreSQL)",
          "TRACKER_STORE_URL": "an empty database for Rasa's tracker store",
          "REDIS_URL": "Redis for Rasa's lock store", "RABBITMQ_URL": "RabbitMQ as Rasa's event broker"}
# Concurrent customers -> conversations each one runs.
LEVELS = {1: 8, 10: 2, 50: 1}
PLAIN_SCRIPT = ("hello", "I am sad", "no", "hi", "I am great", "bye")
GOODBYE = {"en": "thanks, bye", "es": "gracias, adiós"}
TIMEOUT = aiohttp.ClientTimeout(total=120)


@dataclass
class Reply:
    seconds: float
    failed: bool  # transport error, timeout or HTTP error
    silent: bool  # HTTP 200 with no message


@dataclass(kw_only=True)
class Conversation:
    sender: str
    scenario: Optional[Scenario] = None
    order: str = ""
    email: str = ""
    replies: list[Reply] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # what the customer wrote, in order


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(conversations: list[Conversation], wall: float, expected_silence: Callable[[Conversation], bool]
            ) -> dict[str, Any]:
    """p50/p95/p99 reply time in ms, messages per second and errors for one load level.
    A silent reply is an error unless `expected_silence` says the conversation was handed to a person."""
    replies = [r for c in conversations for r in c.replies]
    seconds = [r.seconds for r in replies if not r.failed]
    errors = sum(r.failed for r in replies) + sum(
        r.silent for c in conversations if not expected_silence(c) for r in c.replies)
    return {"conversations": len(conversations), "messages": len(replies), "errors": errors,
            "p50_ms": 1000 * percentile(seconds, 0.50), "p95_ms": 1000 * percentile(seconds, 0.95),
            "p99_ms": 1000 * percentile(seconds, 0.99), "per_second": len(replies) / wall}


async def say(session: aiohttp.ClientSession, url: str, conversation: Conversation, text: str) -> list[dict]:
    """Sends one message through the REST channel and records how long the reply took."""
    conversation.sent.append(text)
    began = time.perf_counter()
    try:
        async with session.post(f"{url}/webhooks/rest/webhook", json={"sender": conversation.sender,
                                                                      "message": text}) as response:
            replies = await response.json() if response.status == 200 else None
    except (aiohttp.ClientError, asyncio.TimeoutError):
        replies = None
    conversation.replies.append(Reply(time.perf_counter() - began, replies is None, replies == []))
    return replies or []


async def complaint(session: aiohttp.ClientSession, url: str, conversation: Conversation) -> None:
    scenario = conversation.scenario
    replies: list[dict] = []
    for text in (scenario.opening, conversation.order, conversation.email, scenario.remedy):
        replies = await say(session, url, conversation, text)
    if replies and replies[-1].get("buttons"):  # a goodwill offer: accept it
        await say(session, url, conversation, replies[-1]["buttons"][0]["payload"])
    await say(session, url, conversation, GOODBYE[scenario.language])


async def chat(session: aiohttp.ClientSession, url: str, conversation: Conversation) -> None:
    for text in PLAIN_SCRIPT:
        await say(session, url, conversation, text)


Play = Callable[[aiohttp.ClientSession, str, Conversation], Awaitable[None]]


def run_level(url: str, customers: list[list[Conversation]], play: Play) -> float:
    """Each customer plays its conversations one after another, all customers at once; returns
    the wall seconds."""
    async def customer(session: aiohttp.ClientSession, conversations: list[Conversation]) -> None:
        for conversation in conversations:
            await play(session, url, conversation)

    async def everyone() -> float:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            began = time.perf_counter()
            await asyncio.gather(*(customer(session, mine) for mine in customers))
            return time.perf_counter() - began

    with ThreadPoolExecutor(1) as thread:  # its own event loop, whatever the caller runs
        return thread.submit(asyncio.run, everyone()).result()


@contextmanager
def plain_rasa(folder: Path, log: Callable[[str], None]) -> Iterator[tuple[str, subprocess.Popen, dict]]:
    """`rasa init` in `folder` (it trains the starter bot), then `rasa run` on a free port."""
    rasa = str(Path(sys.executable).parent / "rasa")
    log("plain `rasa init` bot: creating and training it in a temporary folder")
    wall, peak = run_measured([rasa, "init", "--no-prompt", "--init-dir", str(folder)], cwd=folder,
                              log=folder.parent / "plain-init.log")
    port = free_port()
    with (folder.parent / "plain-run.log").open("ab") as out:
        process = subprocess.Popen([rasa, "run", "-i", "127.0.0.1", "-p", str(port), "-m", "models"], cwd=folder,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(f"{url}/", process, 240, folder.parent / "plain-run.log")
        yield url, process, {"train_seconds": wall, "train_peak_mb": peak}
    finally:
        stop((process,))


def store_env(folder: Path, stores: Optional[dict[str, str]] = None) -> dict[str, str]:
    """Our bot's environment: fresh SQLite files in `folder`, no lock store or broker (the
    embedded default), with whatever `stores` names (DATABASE_URL, REDIS_URL, …) in their place."""
    return {"DATABASE_URL": f"sqlite:///{folder / 'records.db'}",
            "TRACKER_STORE_URL": f"sqlite:///{folder / 'tracker.db'}", "REDIS_URL": "", "RABBITMQ_URL": "",
            **{name: url for name, url in (stores or {}).items() if url}, "BOT_DATA_DIR": str(folder)}


@contextmanager
def our_bot(folder: Path, stores: Optional[dict[str, str]] = None, instances: int = 1
            ) -> Iterator[tuple[Running, Any]]:
    """The action server and Rasa (`instances` of each, behind HAProxy when several) on the stores
    `store_env` names, records seeded with the demo."""
    env = store_env(folder, stores)
    engine = make_engine(env["DATABASE_URL"])
    upgrade(engine)
    with session_scope(engine) as session:
        seed_demo(session)
    try:
        with running(ensure_model(), rasa_port=free_port(), action_port=free_port(), web_port=free_port(),
                     env=env, run_dir=folder, instances=instances) as servers:
            yield servers, engine
    finally:
        engine.dispose()


def outcomes(engine: Any, conversations: list[Conversation]) -> dict[str, str]:
    """The case outcome each conversation ended in (missing when no case was written)."""
    senders = [c.sender for c in conversations]
    with session_scope(engine) as session:
        rows = session.execute(select(Case.conversation_id, Case.outcome).where(Case.conversation_id.in_(senders)))
        return {sender: outcome for sender, outcome in rows}


@dataclass
class Target:
    """A running bot under load: how to start a conversation, how to play it, and when a silent
    reply is expected."""
    url: str
    new: Callable[[], Conversation]
    play: Play
    expected_silence: Callable[[list[Conversation]], Callable[[Conversation], bool]]
    played: list[Conversation] = field(default_factory=list)

    def warm_up(self) -> None:
        run_level(self.url, [[self.new()]], self.play)

    def level(self, customers: int, each: int) -> dict[str, Any]:
        """`customers` at once, `each` conversations one after another; the level's figures."""
        batch = [[self.new() for _ in range(each)] for _ in range(customers)]  # before the clock starts
        wall = run_level(self.url, batch, self.play)
        played = [c for mine in batch for c in mine]
        self.played += played
        return summary(played, wall, self.expected_silence(played))


# The scenarios' copies of demo orders are numbered from here up (ORD-70000, …); tests that copy
# orders for themselves stay below it, so the two never meet in one database.
SCENARIO_ORDER_NUMBERS = 70000


def our_target(url: str, engine: Any) -> Target:
    """Customers playing the scenarios, each on its own fresh copy of the scenario's demo order."""
    numbers, scenarios = itertools.count(SCENARIO_ORDER_NUMBERS), itertools.cycle(SCENARIOS)

    def new() -> Conversation:
        scenario = next(scenarios)
        with session_scope(engine) as session:
            order, email = copy_demo_order(session, scenario.demo_order, next(numbers))
        return Conversation(sender=f"load-{uuid.uuid4().hex[:10]}", scenario=scenario, order=order, email=email)

    def handed_off(played: list[Conversation]) -> Callable[[Conversation], bool]:
        ended = outcomes(engine, played)
        return lambda c: ended.get(c.sender) == "handoff"  # a paused conversation waits for a person

    return Target(url, new, complaint, handed_off)


def plain_target(url: str) -> Target:
    return Target(url, lambda: Conversation(sender=f"plain-{uuid.uuid4().hex[:10]}"), chat,
                  lambda played: lambda c: False)


def outcome_accuracy(engine: Any, conversations: list[Conversation]) -> dict[str, Any]:
    """How many scenario conversations ended in the case outcome their scenario expects."""
    ended = outcomes(engine, conversations)
    wrong = [c for c in conversations if ended.get(c.sender) != c.scenario.outcome]
    return {"right": len(conversations) - len(wrong), "all": len(conversations),
            "wrong": sorted({f"{c.scenario.opening!r}: {ended.get(c.sender)} (expected {c.scenario.outcome})"
                             for c in wrong})}


def measure(levels: dict[int, int] = LEVELS, log: Callable[[str], None] = print,
            stores: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """Both bots up side by side; each level runs against the plain bot and then ours, so both
    meet the same machine conditions. Memory is read after the last level."""
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        folder = Path(scratch)
        (folder / "plain").mkdir()
        (folder / "ours").mkdir()
        with plain_rasa(folder / "plain", log) as (plain_url, plain_process, training):
            log("our bot: starting the action server and Rasa")
            with our_bot(folder / "ours", stores) as (servers, engine):
                plain, ours = plain_target(plain_url), our_target(servers.rasa_url, engine)
                plain.warm_up()
                ours.warm_up()
                figures: dict[str, dict[int, dict]] = {"plain": {}, "ours": {}}
                for customers, each in levels.items():
                    for name, target in (("plain", plain), ("ours", ours)):
                        log(f"{name}: {customers} concurrent customer(s), {each} conversation(s) each")
                        figures[name][customers] = target.level(customers, each)
                memory = {"rasa_mb": tree_rss_mb(servers.rasa_servers[0].process.pid),
                          "actions_mb": tree_rss_mb(servers.action_servers[0].process.pid),
                          "plain_rasa_mb": tree_rss_mb(plain_process.pid)}
                accuracy = outcome_accuracy(engine, ours.played)
    return {"levels": levels, **figures, "outcomes": accuracy, "memory": memory, "plain_training": training}


def latency_plot(results: dict[str, Any], path: Path) -> None:
    """p50 and p95 reply time against concurrent customers, ours and plain Rasa."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = list(results["levels"])
    figure, axes = plt.subplots(figsize=(6, 3.6))
    for bot, colour in (("ours", "tab:blue"), ("plain", "tab:grey")):
        label = "our bot" if bot == "ours" else "plain `rasa init` bot"
        for share, style in (("p95_ms", "-"), ("p50_ms", "--")):
            axes.plot(levels, [results[bot][n][share] for n in levels], style, marker="o", color=colour,
                      label=f"{label}, {share[:3]}")
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xticks(levels, [str(n) for n in levels])
    axes.set_xlabel("concurrent customers")
    axes.set_ylabel("reply time, ms")
    axes.legend(fontsize=7)
    axes.grid(alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load")
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)),
                        help="concurrent customers per level, e.g. 1,10,50")
    for name, help_text in STORES.items():
        parser.add_argument("--" + name.lower().replace("_", "-"), dest=name, default="", help=help_text)
    args = parser.parse_args()
    levels = {int(n): LEVELS.get(int(n), 1) for n in args.levels.split(",")}
    stores = {name: getattr(args, name) for name in STORES}
    results = measure(levels, log=lambda line: print(f"==> {line}", flush=True), stores=stores)
    for customers in levels:
        ours, plain = results["ours"][customers], results["plain"][customers]
        print(f"{customers:>3} customers: ours p50 {ours['p50_ms']:.0f} p95 {ours['p95_ms']:.0f} "
              f"p99 {ours['p99_ms']:.0f} ms, {ours['per_second']:.1f} msg/s, {ours['errors']} errors | "
              f"plain p50 {plain['p50_ms']:.0f} p95 {plain['p95_ms']:.0f} p99 {plain['p99_ms']:.0f} ms, "
              f"{plain['per_second']:.1f} msg/s, {plain['errors']} errors | p95 ratio "
              f"{ours['p95_ms'] / plain['p95_ms']:.2f}")
    o, m = results["outcomes"], results["memory"]
    print(f"outcomes right {o['right']}/{o['all']}", *o["wrong"], sep="\n    ")
    print(f"memory after load: Rasa {m['rasa_mb']:.0f} MB, action server {m['actions_mb']:.0f} MB, "
          f"plain Rasa {m['plain_rasa_mb']:.0f} MB")


if __name__ == "__main__":
    main()
