"""One Rasa instance against two behind HAProxy, on the production stores (PostgreSQL for our
records and Rasa's tracker store, Redis, RabbitMQ when it runs), same machine, same run: reply
times, throughput and case outcomes of the complaint scenarios through the REST channel. With
`--outage`, two instances under steady load for some minutes while one is killed (SIGKILL) and
started again: messages lost, duplicated or out of order in the trackers, and case outcomes.

Measures only. Usage: `python -m benchmarks.scale [--customers 10,50] [--outage MINUTES] [--write]`;
`--write` puts the tables into docs/deploy.md between its `scale` and `outage` markers.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import tempfile
import threading
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

import aiohttp
import requests

from benchmarks import readme_figures
from benchmarks.load import LEVELS, TIMEOUT, Conversation, complaint, our_bot, our_target, outcome_accuracy
from bot.privacy.pii import mask_personal_data
from bot.serving.services import Running
from bot.settings import PROJECT_ROOT
from bot.store.databases import create_database, drop_database

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672"
DOC = PROJECT_ROOT / "docs" / "deploy.md"
KILL_AFTER_SECONDS = 60


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def production_bot(instances: int, log: Callable[[str], None]) -> Iterator[tuple[Running, Any]]:
    """Our bot with `instances` Rasa and action servers on fresh PostgreSQL databases and Redis."""
    databases = [create_database(POSTGRES_ADMIN, "complaint_scale") for _ in range(2)]
    stores = {"DATABASE_URL": databases[0], "TRACKER_STORE_URL": databases[1], "REDIS_URL": REDIS,
              "RABBITMQ_URL": RABBITMQ if _listening(5672) else ""}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
            log(f"{instances} instance(s): starting")
            with our_bot(Path(scratch), stores, instances=instances) as (servers, engine):
                yield servers, engine
                engine.dispose()
    finally:
        for url in databases:
            drop_database(POSTGRES_ADMIN, url)


def measure_instances(instances: int, levels: dict[int, int], log: Callable[[str], None]) -> dict[str, Any]:
    """The scenario load at each level against `instances` Rasa and action servers."""
    with production_bot(instances, log) as (servers, engine):
        target = our_target(servers.rasa_url, engine)
        target.warm_up()
        figures = {}
        for customers, each in levels.items():
            log(f"{instances} instance(s): {customers} concurrent customers, {each} conversation(s) each")
            figures[customers] = target.level(customers, each)
        return {"levels": figures, "outcomes": outcome_accuracy(engine, target.played)}


def _tracker_texts(servers: Running, sender: str) -> list[str]:
    tracker = requests.get(f"{servers.rasa_url}/conversations/{sender}/tracker", params={"token": servers.token},
                           timeout=30).json()
    return [e["text"] for e in tracker["events"] if e["event"] == "user"]


def check_trackers(servers: Running, conversations: list[Conversation]) -> dict[str, int]:
    """Messages each tracker lost (sent, failed and missing), holds twice, or holds out of order."""
    counts = {"lost": 0, "duplicated": 0, "reordered": 0}
    for conversation in conversations:
        sent = [mask_personal_data(text) for text in conversation.sent]
        kept = _tracker_texts(servers, conversation.sender)
        counts["lost"] += sum(1 for text in set(sent) if kept.count(text) < sent.count(text))
        counts["duplicated"] += sum(1 for text in set(kept) if kept.count(text) > sent.count(text))
        in_order = [text for text in kept if text in sent]
        counts["reordered"] += in_order != [text for text in sent if text in in_order]
    return counts


def outage(minutes: float, customers: int, log: Callable[[str], None]) -> dict[str, Any]:
    """`customers` playing complaint scenarios for `minutes` against two instances; the first is killed
    after KILL_AFTER_SECONDS and started again."""
    with production_bot(2, log) as (servers, engine):
        target = our_target(servers.rasa_url, engine)
        target.warm_up()
        victim = servers.rasa_servers[0]
        timeline: dict[str, float] = {}

        def kill_and_restart() -> None:
            began = time.monotonic()
            log(f"killing {victim.name}")
            victim.process.kill()
            servers.restart(victim)
            timeline["back_after_s"] = time.monotonic() - began
            log(f"{victim.name} is back after {timeline['back_after_s']:.0f} s")

        played: list[Conversation] = []
        end = time.monotonic() + minutes * 60

        async def customer(session: aiohttp.ClientSession) -> None:
            while time.monotonic() < end:
                conversation = target.new()
                played.append(conversation)
                await complaint(session, servers.rasa_url, conversation)

        async def everyone() -> None:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                await asyncio.gather(*(customer(session) for _ in range(customers)))

        killer = threading.Timer(KILL_AFTER_SECONDS, kill_and_restart)
        log(f"{customers} customers for {minutes:g} minutes; {victim.name} killed after {KILL_AFTER_SECONDS} s")
        killer.start()
        asyncio.run(everyone())
        killer.join()
        replies = [r for c in played for r in c.replies]
        accuracy = outcome_accuracy(engine, played)
        return {"minutes": minutes, "customers": customers, "conversations": len(played), "messages": len(replies),
                "failed": sum(r.failed for r in replies), "back_after_s": timeline.get("back_after_s"),
                "outcomes": accuracy, **check_trackers(servers, played)}


def outage_table(result: dict[str, Any]) -> str:
    o = result["outcomes"]
    return ("| minutes | customers | conversations | messages | failed requests | lost | duplicated | "
            "reordered | case outcomes right | killed server back after |\n|---|---|---|---|---|---|---|---|---|---|\n"
            f"| {result['minutes']:g} | {result['customers']} | {result['conversations']} | {result['messages']} | "
            f"{result['failed']} | {result['lost']} | {result['duplicated']} | {result['reordered']} | "
            f"{o['right']}/{o['all']} | {result['back_after_s']:.0f} s |")


def table(results: dict[int, dict[str, Any]]) -> str:
    lines = ["| instances | customers | messages | p50 ms | p95 ms | messages/s | errors | throughput vs 1 |",
             "|---|---|---|---|---|---|---|---|"]
    for instances, result in results.items():
        for customers, level in result["levels"].items():
            base = results[min(results)]["levels"][customers]["per_second"]
            lines.append(f"| {instances} | {customers} | {level['messages']} | {level['p50_ms']:.0f} | "
                         f"{level['p95_ms']:.0f} | {level['per_second']:.1f} | {level['errors']} | "
                         f"{level['per_second'] / base:.2f}× |")
    outcomes = "; ".join(f"{n} instance(s): {r['outcomes']['right']}/{r['outcomes']['all']}"
                         for n, r in results.items())
    return "\n".join(lines) + f"\n\nCase outcomes right: {outcomes}."


def write(text: str, marker: str) -> None:
    """Puts the table, dated, into docs/deploy.md, and the README's headline figures follow it."""
    begin, end = f"<!-- {marker}:begin -->", f"<!-- {marker}:end -->"
    dated = f"{text}\n\nMeasured on {date.today().isoformat()}, {os.cpu_count()} cores."
    doc = DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    DOC.write_text(pattern.sub(lambda _: f"{begin}\n{dated}\n{end}", doc), encoding="utf-8")
    readme_figures.update()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    parser.add_argument("--customers", default="10,50", help="concurrent customers per level")
    parser.add_argument("--outage", type=float, metavar="MINUTES",
                        help="instead: two instances under load for MINUTES, the first killed and started again")
    parser.add_argument("--write", action="store_true", help="put the table into docs/deploy.md")
    args = parser.parse_args()
    log = lambda line: print(f"==> {line}", flush=True)  # noqa: E731
    customers = [int(n) for n in args.customers.split(",")]
    if args.outage:
        text, marker = outage_table(outage(args.outage, max(customers), log)), "outage"
    else:
        results = {n: measure_instances(n, {c: LEVELS.get(c, 1) for c in customers}, log) for n in (1, 2)}
        text, marker = table(results), "scale"
    print(text)
    if args.write:
        write(text, marker)


if __name__ == "__main__":
    main()
