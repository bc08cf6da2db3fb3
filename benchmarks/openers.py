"""Intent accuracy on realistic first messages (`benchmarks/openers/{en,es}.jsonl`): greeting-
prefixed, several sentences, typo'd, angry, a figure in another currency, and pure greetings.

Written for this project as a held-out set: never trained on (a test checks none of its rows is
in data/). Measures only. Usage: `python -m benchmarks.openers`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from benchmarks.nlu_external import LANGUAGES, Row, load_rows, predict, print_by_kind_and_misses, results_with_misses
from bot.settings import PROJECT_ROOT

OPENERS = PROJECT_ROOT / "benchmarks" / "openers"


def openers_results(rows: list[Row], model: Optional[Path] = None) -> dict[str, Any]:
    """Accuracy per language over all rows (with per-kind accuracy under `by_source` and the pure
    greetings under `greetings`), and the rows missed."""
    return results_with_misses(rows, predict([row.text for row in rows], model))


def main() -> None:
    results = openers_results(load_rows(OPENERS))
    for language in LANGUAGES:
        r = results[language]
        print(f"{language}: {r['rows']} rows, accuracy {r['accuracy']:.3f}, pure greetings "
              f"{r['greetings']:.3f}")
        print_by_kind_and_misses(r)


if __name__ == "__main__":
    main()
