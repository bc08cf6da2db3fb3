"""The Rasa project itself: valid data, enough native examples, no held-out sentences, and
the test stories predicted without a single error by the trained model."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.constants import DEFAULT_INTENTS

from bot.complaints.categories import CATEGORIES
from bot.complaints.category_importer import project_domain
from bot.serving.model import ensure_model
from bot.settings import PROJECT_ROOT

RASA = str(Path(sys.executable).with_name("rasa"))
BENCHMARK = PROJECT_ROOT.parent / "shared" / "benchmarks" / "nlu-external"
OPENERS = PROJECT_ROOT / "benchmarks" / "openers"
POST_DECISION = PROJECT_ROOT / "benchmarks" / "post_decision"
# The intents besides each complaint category's own (complain_<category>, from bot/complaints/categories.py).
STABLE_INTENTS = {
    "greet", "goodbye", "affirm", "deny", "thank", "request_human", "request_refund", "cancel_order", "complain",
    "provide_order", "dispute", "reject_facts", "feel_doubted", "insult", "out_of_scope", "switch_language",
    "ask_case_status", "privacy_request", "rate_service", "add_comment",
} | {c.intent for c in CATEGORIES}


def examples_by_language() -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for path in sorted((PROJECT_ROOT / "data" / "nlu").glob("*/*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" in block:
                lines = [re.sub(r"\[([^]]+)\]\([^)]+\)", r"\1", line.strip()[2:])
                         for line in block["examples"].splitlines() if line.strip()]
                found.setdefault(path.parent.name, {}).setdefault(block["intent"], []).extend(lines)
    return found


def normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def test_every_stable_intent_has_thirty_examples_in_each_language():
    data = examples_by_language()
    assert set(data) == {"en", "es"}
    for language, intents in data.items():
        assert set(intents) == STABLE_INTENTS, language
        short = {i: len(e) for i, e in intents.items() if len(set(e)) < 30}
        assert not short, f"{language}: {short}"


def _home_files(language: str) -> dict[str, str]:
    """Each intent's main file in a language: the one holding most of its examples."""
    size: dict[str, tuple[int, str]] = {}
    for path in sorted((PROJECT_ROOT / "data" / "nlu" / language).glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" in block:
                count = sum(1 for line in block["examples"].splitlines() if line.strip())
                if count > size.get(block["intent"], (0, ""))[0]:
                    size[block["intent"]] = (count, path.name)
    return {intent: name for intent, (_, name) in size.items()}


def test_english_and_spanish_examples_have_the_same_file_layout():
    names = {language: sorted(p.name for p in (PROJECT_ROOT / "data" / "nlu" / language).glob("*.yml"))
             for language in ("en", "es")}
    assert names["en"] == names["es"]
    assert _home_files("en") == _home_files("es")


def test_domain_keeps_the_stable_intent_names():
    assert set(project_domain().intents) == STABLE_INTENTS | set(DEFAULT_INTENTS)  # Rasa adds its own


def test_every_response_has_english_and_spanish():
    for name, variations in project_domain().responses.items():
        languages = {c["value"] for v in variations for c in v.get("condition", []) if c["name"] == "language"}
        assert "es" in languages, name
        assert any("condition" not in v for v in variations), f"{name} needs an English default"


@pytest.mark.parametrize("held_out", [BENCHMARK, OPENERS, POST_DECISION], ids=["external", "openers", "post_decision"])
def test_no_held_out_benchmark_sentence_is_in_the_training_data(held_out):
    if not held_out.exists():
        pytest.skip(f"{held_out} is not beside the project")
    ours = {normalise(t) for intents in examples_by_language().values() for e in intents.values() for t in e}
    leaked = []
    for path in held_out.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = normalise(json.loads(line)["text"])
            if len(text.split()) >= 3 and text in ours:
                leaked.append(text)
    assert leaked == []


def rasa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900)


def test_rasa_data_validate_is_clean():
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_test_stories_pass_without_prediction_errors(tmp_path):
    model = ensure_model()
    result = rasa("test", "core", "--model", str(model), "--stories", "tests/test_stories.yml",
                  "--fail-on-prediction-errors", "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
