"""Intent accuracy by 5-fold cross-validation on `data/` (Rasa's own `rasa test nlu
--cross-validation`), split by language using which folder each example comes from.

Runs Rasa and reads its result files; it changes nothing in the project.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from benchmarks.nlu_external import LANGUAGES, macro_f1
from benchmarks.processes import run_measured
from bot.settings import PROJECT_ROOT


def example_languages(root: Path = PROJECT_ROOT) -> dict[str, str]:
    """Training example text -> its language (from data/nlu/en or data/nlu/es)."""
    from rasa.shared.nlu.training_data.loading import load_data

    languages: dict[str, str] = {}
    for language in LANGUAGES:
        for example in load_data(str(root / "data" / "nlu" / language)).intent_examples:
            languages[example.get("text")] = language
    return languages


def per_language(predictions: list[dict[str, Any]], languages: dict[str, str]) -> dict[str, dict[str, float]]:
    """Accuracy and macro-F1 per language from Rasa's intent successes and errors."""
    results = {}
    for language in LANGUAGES:
        mine = [p for p in predictions if languages.get(p["text"]) == language]
        gold = [p["intent"] for p in mine]
        guessed = [p["intent_prediction"]["name"] for p in mine]
        results[language] = {"examples": len(mine),
                             "accuracy": sum(g == p for g, p in zip(gold, guessed, strict=True)) / len(mine),
                             "macro_f1": macro_f1(gold, guessed)}
    return results


def cross_validate(out: Path, folds: int = 5) -> dict[str, Any]:
    """Runs the cross-validation; returns overall and per-language figures and the wall time."""
    seconds, peak = run_measured(
        [str(Path(sys.executable).parent / "rasa"), "test", "nlu", "--cross-validation", "--folds", str(folds),
         "--nlu", "data/nlu", "--config", "config.yml", "--out", str(out), "--successes", "--no-plot"],
        cwd=PROJECT_ROOT, log=out.with_suffix(".log"))
    report = json.loads((out / "intent_report.json").read_text())
    predictions = json.loads((out / "intent_successes.json").read_text()) + \
        json.loads((out / "intent_errors.json").read_text())
    return {"accuracy": report["accuracy"], "macro_f1": report["macro avg"]["f1-score"],
            "by_language": per_language(predictions, example_languages()), "seconds": seconds,
            "peak_mb": peak, "folds": folds}
