"""Does the project agree with the category registry? Each disagreement in plain words, naming
the file to change: the policy file, the NLU examples in each language, domain.yml (which must not
declare what the registry derives), rules and stories, and each check's fact sentences.

Reads files only; `python -m bot categories check` prints the result.
"""
from __future__ import annotations

import re
import string
from pathlib import Path

import yaml

from bot.complaints.categories import CATEGORIES, INTENT_PREFIX, SLOT, category_of
from bot.complaints.policy import PolicyError, parse_policy
from bot.language import SUPPORTED
from bot.settings import PROJECT_ROOT

# Native examples each category's intent needs in each language, as for every intent.
MIN_EXAMPLES = 30
_DERIVED_RESPONSES = ("utter_acknowledge_complaint", "utter_ask_complaint_category")
_INTENT_IN_DATA = re.compile(rf"\bintent:\s*({INTENT_PREFIX}\w+)")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _policy_problems(root: Path) -> list[str]:
    try:
        parse_policy(_load(root / "policy.yml"))
    except PolicyError as error:
        return [f"policy.yml: {error}"]
    return []


def _examples(root: Path, language: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((root / "data" / "nlu" / language).glob("*.yml")):
        for block in _load(path).get("nlu", []):
            if "intent" in block:
                lines = {line.strip()[2:] for line in block["examples"].splitlines() if line.strip()}
                found.setdefault(block["intent"], set()).update(lines)
    return found


def _nlu_problems(root: Path) -> list[str]:
    problems = []
    for language in SUPPORTED:
        examples = _examples(root, language)
        for c in CATEGORIES:
            count = len(examples.get(c.intent, ()))
            if count < MIN_EXAMPLES:
                problems.append(f"data/nlu/{language}: {c.intent} has {count} examples, needs {MIN_EXAMPLES} "
                                f"(bot/complaints/categories.py lists {c.name})")
        problems += [f"data/nlu/{language}: {intent} is not a category in bot/complaints/categories.py"
                     for intent in sorted(examples) if intent.startswith(INTENT_PREFIX) and category_of(intent) is None]
    return problems


def _domain_problems(root: Path) -> list[str]:
    domain = _load(root / "domain.yml")
    derived = [f"intent {i}" for i in domain.get("intents", []) if isinstance(i, str) and category_of(i)]
    derived += [f"slot {SLOT}"] if SLOT in domain.get("slots", {}) else []
    derived += [f"response {r}" for r in _DERIVED_RESPONSES if r in domain.get("responses", {})]
    return [f"domain.yml declares {what}: remove it, bot/complaints/categories.py derives it" for what in derived]


def _data_problems(root: Path) -> list[str]:
    problems = []
    for path in sorted((root / "data").rglob("*.yml")):
        if "nlu" in path.relative_to(root / "data").parts:
            continue
        for intent in sorted(set(_INTENT_IN_DATA.findall(path.read_text(encoding="utf-8")))):
            if category_of(intent) is None:
                problems.append(f"{path.relative_to(root)}: {intent} is not a category in bot/complaints/categories.py")
    return problems


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _wording_problems() -> list[str]:
    problems = []
    for c in CATEGORIES:
        for what in ("button", "acknowledgement", "problem", "next_step"):
            texts = getattr(c, what)
            if not (texts.en.strip() and texts.es.strip()):
                problems.append(f"bot/complaints/categories.py: {c.name}.{what} needs English and Spanish")
        for check in c.checks:
            for fact, texts in check.sentences.items():
                if _fields(texts.en) != _fields(texts.es):
                    problems.append(f"{check.name}: the sentences of {fact} name different values in English "
                                    f"{sorted(_fields(texts.en))} and Spanish {sorted(_fields(texts.es))}")
    return problems


def registry_problems(root: Path = PROJECT_ROOT) -> list[str]:
    """Every way the project at `root` disagrees with the category registry; empty when it agrees."""
    return (_policy_problems(root) + _nlu_problems(root) + _domain_problems(root) + _data_problems(root)
            + _wording_problems())
