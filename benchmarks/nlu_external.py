"""Intent accuracy and language detection on the external held-out set
(`../shared/benchmarks/nlu-external/{en,es}.jsonl`, written by others; see its SOURCES.md).

Measures only: the rows are never trained on. A prediction is right when the model's top
intent is in the row's `accept` list. Usage: `python -m benchmarks.nlu_external [--plots DIR]`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from bot.language import detect, words_of
from bot.nlu.lemmas import fold_accents
from bot.serving.model import ensure_model
from bot.settings import PROJECT_ROOT

EXTERNAL = PROJECT_ROOT.parent / "shared" / "benchmarks" / "nlu-external"
LANGUAGES = ("en", "es")
SHORT_WORDS = 3
GREETING_INTENT = "greet"


@dataclass(frozen=True)
class Row:
    text: str
    lang: str
    accept: tuple[str, ...]
    source: str

    @property
    def is_pure_greeting(self) -> bool:
        """A greeting and nothing else is the only right reading: the rows the greeting target
        ("a pure greeting stays a greeting") is measured on, in every held-out set."""
        return self.accept == (GREETING_INTENT,)


def load_rows(folder: Path = EXTERNAL) -> list[Row]:
    rows = []
    for language in LANGUAGES:
        for line in (folder / f"{language}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                raw = json.loads(line)
                rows.append(Row(raw["text"], raw["lang"], tuple(raw["accept"]), raw["source"]))
    return rows


async def _predict(model: Path, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # not one debug line per parsed message
    agent = Agent.load(str(model))
    return [(await agent.parse_message(text))["intent"]["name"] for text in texts]


def predict(texts: list[str], model: Optional[Path] = None) -> list[str]:
    """The trained model's top intent for each text (fallback included)."""
    return asyncio.run(_predict(model or ensure_model(), texts))


def without_accents(text: str) -> str:
    """`text` as typed on a keyboard with no Spanish accents or opening marks."""
    return fold_accents(text).translate({ord("¿"): None, ord("¡"): None})


def external_results(rows: list[Row], model: Optional[Path] = None) -> dict[str, Any]:
    """Intent results for the rows as written and as typed without accents (one model load)."""
    texts = [row.text for row in rows]
    predicted = predict(texts + [without_accents(text) for text in texts], model)
    return {"as_written": intent_results(rows, predicted[:len(rows)]),
            "without_accents": intent_results(rows, predicted[len(rows):])}


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Macro-F1 over the gold labels; a prediction in a row's accept list counts as its gold label."""
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def intent_results(rows: list[Row], predicted: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, accuracy on the pure greetings, per-source accuracy and confusions, per
    language."""
    results: dict[str, Any] = {}
    for language in LANGUAGES:
        pairs = [(row, p) for row, p in zip(rows, predicted, strict=True) if row.lang == language]
        gold = [p if p in row.accept else row.accept[0] for row, p in pairs]
        guesses = [p for _, p in pairs]
        by_source: dict[str, list[bool]] = defaultdict(list)
        for row, p in pairs:
            by_source[row.source].append(p in row.accept)
        greetings = [p in row.accept for row, p in pairs if row.is_pure_greeting]
        results[language] = {
            "rows": len(pairs),
            "accuracy": sum(p in row.accept for row, p in pairs) / len(pairs),
            "greetings": sum(greetings) / len(greetings) if greetings else None,
            "macro_f1": macro_f1(gold, guesses),
            "by_source": {s: sum(v) / len(v) for s, v in sorted(by_source.items())},
            "confusions": Counter(f"{g} -> {p}" for g, p in zip(gold, guesses, strict=True) if g != p).most_common(10),
            "gold": gold, "predicted": guesses,
        }
    return results


def results_with_misses(rows: list[Row], predicted: list[str]) -> dict[str, Any]:
    """`intent_results` plus, per language, the rows missed as (text, predicted intent)."""
    results = intent_results(rows, predicted)
    for language in LANGUAGES:
        results[language]["misses"] = [(row.text, p) for row, p in zip(rows, predicted, strict=True)
                                       if row.lang == language and p not in row.accept]
    return results


def print_by_kind_and_misses(result: dict[str, Any]) -> None:
    """One language's accuracy per kind of row, then each miss: the held-out sets' report."""
    for source, accuracy in result["by_source"].items():
        print(f"    {source:28} {accuracy:.2f}")
    for text, predicted in result["misses"]:
        print(f"    miss: {text[:70]!r} -> {predicted}")


def language_results(rows: list[Row]) -> dict[str, Any]:
    """Detection accuracy per language (best guess), and how often a message would switch a
    conversation already in its own language to the other one (a confident wrong detection)."""
    results: dict[str, Any] = {}
    for language in LANGUAGES:
        mine = [row for row in rows if row.lang == language]
        short = [row for row in mine if len(words_of(row.text)) <= SHORT_WORDS]
        results[language] = {
            "rows": len(mine), "short_rows": len(short),
            "accuracy": sum(detect(row.text).likely == language for row in mine) / len(mine),
            "wrong_switch": sum(detect(row.text).language not in (None, language) for row in mine) / len(mine),
            "short_wrong_switch": (sum(detect(row.text).language not in (None, language) for row in short)
                                   / len(short)) if short else 0.0,
            "undecided": sum(detect(row.text).language is None for row in mine) / len(mine),
        }
    return results


def confusion_plot(gold: list[str], predicted: list[str], title: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = sorted(set(gold) | set(predicted))
    index = {label: n for n, label in enumerate(labels)}
    grid = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted, strict=True):
        grid[index[g]][index[p]] += 1
    figure, axes = plt.subplots(figsize=(1 + 0.45 * len(labels), 1 + 0.4 * len(labels)))
    axes.imshow(grid, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=70, ha="right", fontsize=7)
    axes.set_yticks(range(len(labels)), labels, fontsize=7)
    axes.set_xlabel("predicted")
    axes.set_ylabel("expected")
    axes.set_title(title, fontsize=9)
    for i, row in enumerate(grid):
        for j, count in enumerate(row):
            if count:
                axes.text(j, i, count, ha="center", va="center", fontsize=6,
                          color="white" if count > max(map(max, grid)) / 2 else "black")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.nlu_external")
    parser.add_argument("--plots", type=Path, help="write confusion-matrix PNGs here")
    args = parser.parse_args()
    rows = load_rows()
    results = external_results(rows)
    intents = results["as_written"]
    languages = language_results(rows)
    for language in LANGUAGES:
        i, d = intents[language], languages[language]
        print(f"{language}: {i['rows']} rows, intent accuracy {i['accuracy']:.3f}, macro-F1 {i['macro_f1']:.3f} "
              f"(typed without accents: {results['without_accents'][language]['accuracy']:.3f}); "
              f"language detection {d['accuracy']:.3f}, wrong switches {d['wrong_switch']:.3f} "
              f"(short messages {d['short_wrong_switch']:.3f} of {d['short_rows']})")
        for source, accuracy in i["by_source"].items():
            print(f"    {source:40} {accuracy:.2f}")
        print("    most confused:", ", ".join(f"{c} ×{n}" for c, n in i["confusions"]))
        if args.plots:
            args.plots.mkdir(parents=True, exist_ok=True)
            confusion_plot(i["gold"], i["predicted"], f"External set, {language}",
                           args.plots / f"confusion-external-{language}.png")


if __name__ == "__main__":
    main()
