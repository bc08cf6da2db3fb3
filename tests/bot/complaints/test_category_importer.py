"""What Rasa reads through the project's importer (config.yml): domain.yml and the data, plus each
registry category's intent, slot mapping, apology, button and rules."""
from __future__ import annotations

from rasa.shared.core.training_data.structures import RuleStep
from rasa.shared.importers.importer import TrainingDataImporter

from bot.complaints.categories import CATEGORIES, SLOT
from bot.settings import PROJECT_ROOT


def _importer() -> TrainingDataImporter:
    return TrainingDataImporter.load_from_config(str(PROJECT_ROOT / "config.yml"), str(PROJECT_ROOT / "domain.yml"),
                                                 [str(PROJECT_ROOT / "data")])


def test_config_yml_names_the_category_importer():
    importer = _importer()
    domain = importer.get_domain()
    assert {c.intent for c in CATEGORIES} <= set(domain.intents)


def test_each_category_sets_the_slot_from_its_intent():
    slot = next(s for s in _importer().get_domain().slots if s.name == SLOT)
    assert {(m["intent"], m["value"]) for m in slot.mappings} == {(c.intent, c.name) for c in CATEGORIES}


def test_each_category_has_its_apology_and_button_in_both_languages():
    responses = _importer().get_domain().responses
    for c in CATEGORIES:
        said = {(v["text"], tuple((x["name"], x["value"]) for x in v.get("condition", [])))
                for v in responses["utter_acknowledge_complaint"]}
        assert (c.acknowledgement.en, (("language", "en"), (SLOT, c.name))) in said
        assert (c.acknowledgement.es, (("language", "es"), (SLOT, c.name))) in said
        buttons = {(b["title"], b["payload"]) for v in responses["utter_ask_complaint_category"] for b in v["buttons"]}
        assert {(c.button.en, f"/{c.intent}"), (c.button.es, f"/{c.intent}")} <= buttons


def test_each_category_has_its_two_rules():
    rules = {step.block_name for step in _importer().get_stories().story_steps if isinstance(step, RuleStep)}
    for c in CATEGORIES:
        assert f"{c.intent} opens the complaint form" in rules
        assert f"{c.intent} after an explanation refuses the facts" in rules
    assert "complain opens the complaint form" in rules  # the rules written in data/ are still there
