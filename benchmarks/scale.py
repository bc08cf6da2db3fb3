"""One Rasa instance against two behind HAProxy, on the production stores (PostgreSQL for our
records and Rasa's tracker store, Redis, RabbitMQ when it runs), same machine, same run: reply
times, throughput and case outcomes of the complaint scenarios through the REST channel.

Measures only. Usage: `python -m benchmarks.scale [--customers 10,50] [--write]`; `--write` puts
the table into docs/deploy.md between its `scale` markers.
"""
from __future__ import annotations

import argparse
import re
import socket
import tempfile
from pathlib import Path
from typing import Any, Callable

from benchmarks.load import LEVELS, our_bot, our_target, outcome_accuracy
from bot.settings import PROJECT_ROOT
from bot.store.databases import create_database, drop_database

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672"
DOC = PROJECT_ROOT / "docs" / "deploy.md"
MARKERS = ("<!-- scale:begin -->", "<!-- scale:end -->")


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def measure_instances(instances: int, levels: dict[int, int], log: Callable[[str], None]) -> dict[str, Any]:
    """The scenario load at each level against `instances` Rasa and action servers, on fresh databases."""
    databases = [create_database(POSTGRES_ADMIN, "complaint_scale") for _ in range(2)]
    stores = {"DATABASE_URL": databases[0], "TRACKER_STORE_URL": databases[1], "REDIS_URL": REDIS,
              "RABBITMQ_URL": RABBITMQ if _listening(5672) else ""}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as scratch:
            log(f"{instances} instance(s): starting")
            with our_bot(Path(scratch), stores, instances=instances) as (url, _, engine):
                target = our_target(url, engine)
                target.warm_up()
                figures = {}
                for customers, each in levels.items():
                    log(f"{instances} instance(s): {customers} concurrent customers, {each} conversation(s) each")
                    figures[customers] = target.level(customers, each)
                figures_outcomes = outcome_accuracy(engine, target.played)
                engine.dispose()
    finally:
        for url in databases:
            drop_database(POSTGRES_ADMIN, url)
    return {"levels": figures, "outcomes": figures_outcomes}


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


def write(text: str) -> None:
    begin, end = MARKERS
    doc = DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    DOC.write_text(pattern.sub(lambda _: f"{begin}\n{text}\n{end}", doc), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    parser.add_argument("--customers", default="10,50", help="concurrent customers per level")
    parser.add_argument("--write", action="store_true", help="put the table into docs/deploy.md")
    args = parser.parse_args()
    levels = {int(n): LEVELS.get(int(n), 1) for n in args.customers.split(",")}
    log = lambda line: print(f"==> {line}", flush=True)  # noqa: E731
    results = {n: measure_instances(n, levels, log) for n in (1, 2)}
    text = table(results)
    print(text)
    if args.write:
        write(text)


if __name__ == "__main__":
    main()
