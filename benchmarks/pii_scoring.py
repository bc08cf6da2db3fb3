"""Scoring a personal-data finder on `benchmarks/pii/rows.jsonl`: precision and recall per
language, a found span counting when it overlaps a labelled one. No heavy imports, so that other
libraries can be scored in their own environment (`benchmarks/pii_libraries.py`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable

ROWS = Path(__file__).resolve().parent / "pii" / "rows.jsonl"
Finder = Callable[[str, str], Iterable[tuple[int, int]]]  # (text, language) -> spans


def load_rows() -> list[dict[str, Any]]:
    return [json.loads(line) for line in ROWS.read_text(encoding="utf-8").splitlines()]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(find: Finder) -> dict[str, dict[str, Any]]:
    """Precision and recall per language, with the misses and false finds."""
    results: dict[str, dict[str, Any]] = {}
    for row in load_rows():
        text = row["text"]
        gold = [(text.index(item), text.index(item) + len(item)) for item in row["personal_data"]]
        found = list(find(text, row["lang"]))
        r = results.setdefault(row["lang"], {"found": 0, "correct": 0, "gold": 0, "recalled": 0, "missed": [],
                                             "false": []})
        r["found"] += len(found)
        r["gold"] += len(gold)
        r["correct"] += sum(any(overlaps(f, g) for g in gold) for f in found)
        r["recalled"] += sum(any(overlaps(g, f) for f in found) for g in gold)
        r["missed"] += [text[g[0]:g[1]] for g in gold if not any(overlaps(g, f) for f in found)]
        r["false"] += [text[f[0]:f[1]] for f in found if not any(overlaps(f, g) for g in gold)]
    for r in results.values():
        r["precision"] = r["correct"] / r["found"] if r["found"] else 1.0
        r["recall"] = r["recalled"] / r["gold"] if r["gold"] else 1.0
    return results


def summary(name: str, results: dict[str, dict[str, Any]]) -> str:
    return "\n".join(f"{name} {language}: precision {r['precision']:.2f} ({r['correct']}/{r['found']}), recall "
                     f"{r['recall']:.2f} ({r['recalled']}/{r['gold']}); missed {r['missed']}, false {r['false']}"
                     for language, r in sorted(results.items()))
