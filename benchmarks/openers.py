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
GREETING_INTENTS = ("greet", "thank")


def openers_results(rows: list[Row], model: Optional[Path] = None) -> dict[str, Any]:
    """Accuracy per language over all rows (with per-kind accuracy under `by_source`), and over
    the pure greetings and thanks alone (`courtesy_only`)."""
    predicted = predict([row.text for row in rows], model)
    results = results_with_misses(rows, predicted)
    for language in LANGUAGES:
        pure = [(row, p) for row, p in zip(rows, predicted, strict=True)
                if row.lang == language and set(row.accept) <= set(GREETING_INTENTS)]
        results[language]["courtesy_only"] = sum(p in row.accept for row, p in pure) / len(pure)
    return results


def main() -> None:
    results = openers_results(load_rows(OPENERS))
    for language in LANGUAGES:
        r = results[language]
        print(f"{language}: {r['rows']} rows, accuracy {r['accuracy']:.3f}, pure greetings/thanks "
              f"{r['courtesy_only']:.3f}")
        print_by_kind_and_misses(r)


if __name__ == "__main__":
    main()
