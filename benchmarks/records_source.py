"""Reply time of the turns a live records source adds to: the one that names the order (the shop is
asked for it, in the background), the one that gives the email (the fetch is waited for, if it is still
running) and the one that decides (the evidence read from it), on a Medusa shop against our own store,
in one run on one machine.

Both bots run as `make run` runs them (action server and Rasa, SQLite stores); the Medusa bot reads a
real Medusa 2.21 on the local PostgreSQL. One customer at a time plays the same late-parcel complaint
(four turns) on an order of its own, answering at once or after `--think-seconds`. Usage:
`python -m benchmarks.records_source [--conversations 20] [--think-seconds 1]`.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

import requests

from benchmarks.load import our_bot
from bot import settings
from bot.orders.demo import copy_demo_order
from bot.orders.sources import medusa_shop
from bot.orders.sources.medusa_owner import ShopOwner
from bot.serving.services import Running, free_port
from bot.store import session_scope
from bot.store.databases import drop_named_database

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TURNS = {"names the order": 1, "gives the email": 2, "decides": 3}  # of: opening, order, email, remedy


def _turns(bot: Running, sender: str, messages: list[str], think: float) -> list[float]:
    """Milliseconds to each reply; the customer takes `think` seconds to write each message after the first."""
    spent = []
    for n, message in enumerate(messages):
        time.sleep(think if n else 0)
        began = time.perf_counter()
        answer = requests.post(f"{bot.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                               timeout=60)
        answer.raise_for_status()
        spent.append((time.perf_counter() - began) * 1000)
    return spent


def _play(bot: Running, conversations: int, order_and_email: Callable[[int], tuple[str, str]],
          think: float) -> list[list[float]]:
    timings = []
    for n in range(conversations + 1):  # the first warms the bot up and is not counted
        named, email = order_and_email(n)
        spent = _turns(bot, f"bench-source-{uuid.uuid4().hex[:8]}",
                       ["My parcel never arrived", named, email, "A refund"], think)
        if n:
            timings.append(spent)
    return timings


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def measure(conversations: int, think: float, log: Callable[[str], None] = print) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-source-") as scratch:
        folder = Path(scratch)
        log("the store as the source")
        (folder / "sql").mkdir()
        with our_bot(folder / "sql") as (bot, engine):
            def imported(n: int) -> tuple[str, str]:
                with session_scope(engine) as session:
                    return copy_demo_order(session, "ORD-10001", 70000 + n)
            results["sql"] = _summary(_play(bot, conversations, imported, think))
        log("a Medusa shop as the source (installing and starting it)")
        shop_folder = medusa_shop.install(settings.cache_dir())
        database = f"medusa_bench_{uuid.uuid4().hex[:8]}"
        shop = medusa_shop.start(shop_folder, POSTGRES_ADMIN, database, free_port(), folder / "medusa.log")
        try:
            key = shop.secret_api_key()
            owner = ShopOwner(shop.url, key)
            variant = owner.product("Desk lamp", f"LAMP-{uuid.uuid4().hex[:6]}", 25)
            promised = (datetime.utcnow() - timedelta(days=3)).isoformat() + "Z"
            (folder / "medusa").mkdir()
            with our_bot(folder / "medusa", {"RECORDS_SOURCE": "medusa", "MEDUSA_URL": shop.url,
                                             "MEDUSA_API_KEY": key}) as (bot, _):
                def in_the_shop(n: int) -> tuple[str, str]:
                    email = f"bench.{uuid.uuid4().hex[:8]}@example.es"
                    order = owner.order(email, variant, tracking=f"SE{uuid.uuid4().hex[:8]}",
                                        metadata={"promised_by": promised})
                    return f"order #{order.display_id}", email
                results["medusa"] = _summary(_play(bot, conversations, in_the_shop, think))
        finally:
            shop.stop()
            drop_named_database(POSTGRES_ADMIN, database)
    return results


def _summary(timings: list[list[float]]) -> dict[str, float]:
    figures = {"conversations": float(len(timings))}
    for turn, index in TURNS.items():
        spent = [t[index] for t in timings]
        figures[f"{turn} p50"], figures[f"{turn} p95"] = statistics.median(spent), _p95(spent)
    return figures


def table(results: dict[str, dict[str, float]]) -> str:
    sql, medusa = results["sql"], results["medusa"]
    lines = ["| turn | source | conversations | p50 ms | p95 ms | p95 against the store |", "|---|---|---|---|---|---|"]
    for turn in TURNS:
        for name, figures in (("our store", sql), ("Medusa shop", medusa)):
            lines.append(f"| {turn} | {name} | {figures['conversations']:.0f} | {figures[f'{turn} p50']:.0f} | "
                         f"{figures[f'{turn} p95']:.0f} | {figures[f'{turn} p95'] / sql[f'{turn} p95']:.2f}× |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.records_source")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--think-seconds", type=float, default=0.0,
                        help="how long each customer takes to write a message (0: answers at once, the worst case)")
    args = parser.parse_args()
    print(table(measure(args.conversations, args.think_seconds, log=lambda line: print(f"==> {line}", flush=True))))


if __name__ == "__main__":
    main()
