"""Rasa's training data for the complaint categories, derived from the registry (`bot/complaints/categories.py`):
each category's intent, the `complaint_category` slot and its mapping, the first apology and the
category buttons in both languages, and the two rules every category has.

Plain dicts in Rasa's file format; `bot.complaints.category_importer` hands them to Rasa.
"""
from __future__ import annotations

from typing import Any

from bot.complaints.categories import CATEGORIES, NAMES, SLOT, UNNAMED
from bot.language import SUPPORTED
from bot.texts import Texts

FORM = "complaint_form"


def _in_language(language: str, *conditions: dict) -> dict[str, Any]:
    return {"condition": [{"type": "slot", "name": "language", "value": language}, *conditions]}


def _said(texts: Texts, *conditions: dict) -> list[dict[str, Any]]:
    """One text in every language, each variation conditioned on the conversation's language."""
    return [{"text": texts.of(language), **_in_language(language, *conditions)} for language in SUPPORTED]


def _acknowledgements() -> list[dict[str, Any]]:
    variations = [variation for c in CATEGORIES
                  for variation in _said(c.acknowledgement, {"type": "slot", "name": SLOT, "value": c.name})]
    # A complaint with no category yet (a refund request, an order number given first).
    spanish_unnamed = {"text": UNNAMED.es, **_in_language("es", {"type": "slot", "name": SLOT, "value": None})}
    return [*variations, spanish_unnamed, {"text": UNNAMED.en}]


def _category_question() -> list[dict[str, Any]]:
    question = Texts("Which of these best describes the problem?",
                     "¿Cuál de estas opciones describe mejor el problema?")
    variations = []
    for language in ("es", "en"):  # English is the default: last, without a condition
        buttons = [{"title": c.button.of(language), "payload": f"/{c.intent}"} for c in CATEGORIES]
        condition = _in_language(language) if language == "es" else {}
        variations.append({"text": question.of(language), "buttons": buttons, **condition})
    return variations


def category_domain() -> dict[str, Any]:
    """The domain's category pieces, as a domain file would hold them."""
    mapping_conditions = [{"active_loop": None}, {"active_loop": FORM, "requested_slot": SLOT}]
    return {
        "version": "3.1",
        "intents": [c.intent for c in CATEGORIES],
        "slots": {SLOT: {
            "type": "categorical", "values": list(NAMES), "influence_conversation": False,
            "mappings": [{"type": "from_intent", "intent": c.intent, "value": c.name, "conditions": mapping_conditions}
                         for c in CATEGORIES]}},
        "responses": {"utter_acknowledge_complaint": _acknowledgements(),
                      "utter_ask_complaint_category": _category_question()},
    }


def category_rules() -> dict[str, Any]:
    """Per category: its complaint opens the form; after a calm explanation it refuses the facts."""
    after_explanation = [{"slot_was_set": [{"offer_open": False}]}, {"slot_was_set": [{"case_outcome": "explained"}]}]
    rules: list[dict[str, Any]] = []
    for c in CATEGORIES:
        rules.append({"rule": f"{c.intent} opens the complaint form",
                      "steps": [{"intent": c.intent}, {"action": "action_acknowledge_complaint"},
                                {"action": FORM}, {"active_loop": FORM}]})
        rules.append({"rule": f"{c.intent} after an explanation refuses the facts", "condition": after_explanation,
                      "steps": [{"intent": c.intent}, {"action": "action_answer_refusal"}]})
    return {"version": "3.1", "rules": rules}
