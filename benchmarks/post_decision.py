"""How customers' turns after a decision are read (`benchmarks/post_decision/{en,es}.jsonl`):
refusals of an explanation, disagreement ("are you calling me a liar?"), thanks, a new problem,
and questions about an earlier case.

A row is handled as its kind when its predicted intent is one that `data/rules.yml` sends to that
handling after an explanation (a refusal may be `reject_facts`, a plain `deny`, a disputed record
or the same complaint again: all reach `action_answer_refusal`). Written for this project as a
held-out set: never trained on (a test checks none of its rows is in data/). Measures only.
Usage: `python -m benchmarks.post_decision`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from benchmarks.nlu_external import LANGUAGES, Row, load_rows, predict, print_by_kind_and_misses, results_with_misses
from bot.settings import PROJECT_ROOT

POST_DECISION = PROJECT_ROOT / "benchmarks" / "post_decision"


def post_decision_results(rows: list[Row], model: Optional[Path] = None) -> dict[str, Any]:
    """Share handled as its kind per language, per kind under `by_source`, and the misses."""
    return results_with_misses(rows, predict([row.text for row in rows], model))


def main() -> None:
    results = post_decision_results(load_rows(POST_DECISION))
    for language in LANGUAGES:
        r = results[language]
        print(f"{language}: {r['rows']} rows, handled as their kind {r['accuracy']:.3f}")
        print_by_kind_and_misses(r)


if __name__ == "__main__":
    main()
