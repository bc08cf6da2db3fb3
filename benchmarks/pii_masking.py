"""How well `bot/privacy/pii.py` finds personal data, and what masking costs a message.

Precision and recall per language on `benchmarks/pii/rows.jsonl` (customers' sentences written
for this project, each with the personal data it holds; half of them hold numbers that are not
personal data: order and case references, amounts, dates, tracking and product codes). A found
span counts when it overlaps a labelled one. The cost is timed over every customer message of
the three held-out sets. Measures only. Usage: `python -m benchmarks.pii_masking`.
"""
from __future__ import annotations

import time
from typing import Any

from benchmarks.nlu_external import load_rows
from benchmarks.openers import OPENERS
from benchmarks.pii_scoring import score, summary
from benchmarks.post_decision import POST_DECISION
from bot.privacy.pii import find_personal_data, mask_personal_data

ROUNDS = 20


def detection_results() -> dict[str, dict[str, Any]]:
    """Precision and recall of `bot.privacy.pii` per language, with the misses and false finds."""
    return score(lambda text, _language: ((s.start, s.end) for s in find_personal_data(text)))


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
    print(summary("bot.privacy.pii", detection_results()))
    cost = cost_per_message()
    print(f"masking cost over {cost['messages']} messages x {ROUNDS}: mean {cost['mean_us']:.1f} µs, "
          f"p99 {cost['p99_us']:.1f} µs, max {cost['max_us']:.1f} µs")


if __name__ == "__main__":
    main()
