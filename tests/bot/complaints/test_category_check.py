"""The registry check: the committed project agrees with bot/complaints/categories.py, and each way of
forgetting a piece of a category is reported in plain words naming the file to change."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
import yaml

from bot.complaints import categories, category_check
from bot.complaints.category_check import registry_problems
from bot.complaints.evidence import billing_evidence
from bot.settings import PROJECT_ROOT
from bot.texts import Texts


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the files the check reads."""
    for name in ("policy.yml", "domain.yml"):
        shutil.copy(PROJECT_ROOT / name, tmp_path / name)
    shutil.copytree(PROJECT_ROOT / "data", tmp_path / "data")
    return tmp_path


def _edit_yaml(path: Path, change) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")


def test_the_committed_project_agrees_with_the_registry():
    assert registry_problems() == []


def test_a_category_missing_from_the_policy_file(project):
    _edit_yaml(project / "policy.yml", lambda raw: raw["categories"].pop("wrong_item"))
    assert registry_problems(project) == ["policy.yml: categories: missing wrong_item"]


def test_a_category_without_spanish_examples(project):
    def drop(raw):
        raw["nlu"] = [block for block in raw["nlu"] if block.get("intent") != "complain_damaged"]
    for path in (project / "data" / "nlu" / "es").glob("*.yml"):
        _edit_yaml(path, drop)
    assert registry_problems(project) == [
        "data/nlu/es: complain_damaged has 0 examples, needs 30 (bot/complaints/categories.py lists damaged)"]


def test_examples_of_an_intent_that_is_no_category(project):
    path = project / "data" / "nlu" / "en" / "extra.yml"
    path.write_text('version: "3.1"\nnlu:\n- intent: complain_late_refund\n  examples: |\n    - where is my refund\n')
    assert registry_problems(project) == [
        "data/nlu/en: complain_late_refund is not a category in bot/complaints/categories.py"]


def test_domain_must_not_declare_what_the_registry_derives(project):
    _edit_yaml(project / "domain.yml", lambda raw: raw["intents"].append("complain_billing"))
    assert registry_problems(project) == [
        "domain.yml declares intent complain_billing: remove it, bot/complaints/categories.py derives it"]


def test_a_rule_naming_an_unknown_category(project):
    with (project / "data" / "rules.yml").open("a", encoding="utf-8") as rules:
        rules.write("\n- rule: late refund\n  steps:\n  - intent: complain_late_refund\n  - action: utter_default\n")
    assert registry_problems(project) == [
        "data/rules.yml: complain_late_refund is not a category in bot/complaints/categories.py"]


def test_a_fact_sentence_naming_different_values_in_each_language(project, monkeypatch):
    check = dataclasses.replace(billing_evidence.CHECK, sentences={
        "duplicate_charge": Texts("you were charged {amount} twice", "se te cobró dos veces")})
    billing = dataclasses.replace(categories.category("billing"), checks=(check,))
    monkeypatch.setattr(category_check, "CATEGORIES",
                        tuple(billing if c.name == "billing" else c for c in categories.CATEGORIES))
    assert registry_problems(project) == [
        "billing_evidence: the sentences of duplicate_charge name different values in English ['amount'] "
        "and Spanish []"]
