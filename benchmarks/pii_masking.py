"""How well `bot/pii.py` finds personal data, and what masking costs a message.

Precision and recall per language on `benchmarks/pii/rows.jsonl` (customers' sentences written
for this project, each with the personal data it holds; half of them hold numbers that are not
personal data: order and case references, amounts, dates, tracking and product codes). A found
span counts when it overlaps a labelled one. The cost is timed over every customer message of
the three held-out sets. Measures only. Usage: `python -m benchmarks.pii_masking`.
"""
from __future__ import annotations

import json
import time
from typing import Any

from benchmarks.nlu_external import LANGUAGES, load_rows
from benchmarks.openers import OPENERS
from benchmarks.post_decision import POST_DECISION
from bot.pii import find_personal_data, mask_personal_data
from bot.settings import PROJECT_ROOT

ROWS = PROJECT_ROOT / "benchmarks" / "pii" / "rows.jsonl"
ROUNDS = 20


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def detection_results() -> dict[str, dict[str, Any]]:
    """Precision and recall per language, with the misses and false finds."""
    results: dict[str, dict[str, Any]] = {}
    for line in ROWS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"]
        gold = [(text.index(item), text.index(item) + len(item)) for item in row["personal_data"]]
        found = [(s.start, s.end) for s in find_personal_data(text)]
        r = results.setdefault(row["lang"], {"found": 0, "correct": 0, "gold": 0, "recalled": 0, "missed": [],
                                             "false": []})
        r["found"] += len(found)
        r["gold"] += len(gold)
        r["correct"] += sum(any(_overlaps(f, g) for g in gold) for f in found)
        r["recalled"] += sum(any(_overlaps(g, f) for f in found) for g in gold)
        r["missed"] += [text[g[0]:g[1]] for g in gold if not any(_overlaps(g, f) for f in found)]
        r["false"] += [text[f[0]:f[1]] for f in found if not any(_overlaps(f, g) for g in gold)]
    for r in results.values():
        r["precision"] = r["correct"] / r["found"] if r["found"] else 1.0
        r["recall"] = r["recalled"] / r["gold"] if r["gold"] else 1.0
    return results


def cost_per_message() -> dict[str, float]:
    """Microseconds to mask one customer message, over the held-out sets' messages."""
    texts = [row.text for folder in (None, OPENERS, POST_DECISION) for row in
             (load_rows() if folder is None else load_rows(folder))]
    timings = []
    for _ in range(ROUNDS):
        for text in texts:
            began = time.perf_counter()
            mask_personal_data(text)
            timings.append(time.perf_counter() - began)
    timings.sort()
    return {"messages": len(texts), "mean_us": 1e6 * sum(timings) / len(timings),
            "p99_us": 1e6 * timings[int(0.99 * len(timings))], "max_us": 1e6 * timings[-1]}


def main() -> None:
    for language, r in sorted(detection_results().items(), key=lambda kv: LANGUAGES.index(kv[0])):
        print(f"{language}: precision {r['precision']:.2f} ({r['correct']}/{r['found']}), recall {r['recall']:.2f} "
              f"({r['recalled']}/{r['gold']}); missed {r['missed']}, false finds {r['false']}")
    cost = cost_per_message()
    print(f"masking cost over {cost['messages']} messages x {ROUNDS}: mean {cost['mean_us']:.1f} µs, "
          f"p99 {cost['p99_us']:.1f} µs, max {cost['max_us']:.1f} µs")


if __name__ == "__main__":
    main()
