"""How fast the console's conversation list is at 100,000 conversations, on SQLite and PostgreSQL.

Generates conversations and cases in a fresh database, then times the list's queries (first
page, a deep keyset page, each filter, search, count) and the whole page over the Flask app.
Prints a Markdown table. Usage: `python -m benchmarks.console_list [--conversations N] [--postgres URL]`.
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Callable

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from bot.console.conversation_query import Filters, find_page
from bot.store import make_engine, session_scope
from bot.store.accounts import add_user
from bot.store.migrate import upgrade
from bot.store.models import Case, ConversationSummary
from bot.web import create_app

WORDS = ("parcel never arrived late broken charged twice refund blender screen wrong item paquete llegó roto "
         "cobrado dos veces reembolso pantalla equivocado").split()
CATEGORIES = ("delivery", "damaged", "warranty", "wrong_item", "billing")
OUTCOMES = ("goodwill", "explained", "handoff")


def generate(engine: Engine, count: int, seed: int = 7) -> None:
    """`count` conversations over 180 days; 40% have a case, a third of those handed off."""
    rng = random.Random(seed)
    start = datetime(2026, 5, 1)
    with engine.begin() as connection:
        for offset in range(0, count, 5000):
            summaries, cases = [], []
            for n in range(offset, min(offset + 5000, count)):
                at = start + timedelta(seconds=rng.randrange(180 * 86400))
                language = rng.choice(("en", "es"))
                cid = f"bench-{n:07d}"
                summaries.append({"conversation_id": cid, "started_at": at, "last_at": at + timedelta(minutes=5),
                                  "language": language, "user_turns": rng.randrange(1, 12), "bot_turns": 5,
                                  "paused": False,
                                  "search_text": " ".join(rng.choice(WORDS) for _ in range(40)) + f" n{n}"})
                if rng.random() < 0.4:
                    outcome = rng.choice(OUTCOMES)
                    cases.append({"conversation_id": cid, "language": language, "category": rng.choice(CATEGORIES),
                                  "outcome": outcome, "status": "closed", "evidence": [], "reasons": [],
                                  "amount": Decimal(rng.randrange(5, 200)) if outcome == "goodwill" else None,
                                  "currency": "EUR", "handed_off_at": at if outcome == "handoff" else None,
                                  "created_at": at, "updated_at": at})
            connection.execute(insert(ConversationSummary), summaries)
            if cases:
                connection.execute(insert(Case), cases)


def timed(action: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time in milliseconds."""
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def measure(engine: Engine, count: int) -> list[tuple[str, float]]:
    def page(filters: Filters, **kwargs) -> Callable[[], object]:
        def run() -> object:
            with session_scope(engine) as session:
                return find_page(session, filters, **kwargs)
        return run

    with session_scope(engine) as session:
        middle = session.execute(select(ConversationSummary.last_at, ConversationSummary.conversation_id)
                                 .order_by(ConversationSummary.last_at.desc())
                                 .offset(count // 2).limit(1)).first()
    deep = f"{middle[0].isoformat()}|{middle[1]}" if middle else None
    results = [
        ("first page, no filter (with total count)", timed(page(Filters()))),
        ("first page, no filter, without count", timed(page(Filters(), count=False))),
        ("a page half-way through (keyset cursor)", timed(page(Filters(), older_than=deep))),
        ("language = es, outcome = handoff", timed(page(Filters(language="es", outcome="handoff")))),
        ("handed off, category = billing", timed(page(Filters(handed_off=True, category="billing")))),
        ("goodwill between 50 and 60", timed(page(Filters(min_goodwill=Decimal(50), max_goodwill=Decimal(60))))),
        ("one month (date range)", timed(page(Filters(date_from=datetime(2026, 7, 1).date(),
                                                      date_to=datetime(2026, 7, 31).date())))),
        ("free-text search, common word", timed(page(Filters(q="blender")))),
        ("free-text search, rare word (one match)", timed(page(Filters(q="n99999 ")))),
        ("case reference search (C-000123)", timed(page(Filters(q="C-000123")))),
    ]
    app = create_app("http://127.0.0.1:5005", env={"CONSOLE_SECRET_KEY": "bench", "BOT_DATA_DIR":
                                                   tempfile.mkdtemp()}, store=engine, tracker=engine)
    with session_scope(engine) as session:
        add_user(session, "bench", "lead", "benchmark password")
    client = app.test_client()
    login = client.get("/console/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/console/login", data={"csrf_token": token, "name": "bench", "password": "benchmark password"})
    results.append(("whole list page over Flask (50 rows, rendered)",
                    timed(lambda: client.get("/console/conversations?language=en"))))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.console_list")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--postgres", help="an empty PostgreSQL database URL to measure too")
    args = parser.parse_args()
    targets = {"SQLite": f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"}
    if args.postgres:
        targets["PostgreSQL"] = args.postgres
    table: dict[str, dict[str, float]] = {}
    for name, url in targets.items():
        engine = make_engine(url)
        upgrade(engine)
        began = time.perf_counter()
        generate(engine, args.conversations)
        print(f"{name}: generated {args.conversations:,} conversations in {time.perf_counter() - began:.1f} s",
              flush=True)
        table[name] = dict(measure(engine, args.conversations))
        engine.dispose()
    print(f"\n| query ({args.conversations:,} conversations, median of 5, ms) | " + " | ".join(table) + " |")
    print("|---|" + "---|" * len(table))
    for label in next(iter(table.values())):
        print(f"| {label} | " + " | ".join(f"{table[name][label]:.1f}" for name in table) + " |")


if __name__ == "__main__":
    main()
