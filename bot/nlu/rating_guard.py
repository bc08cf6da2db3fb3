"""Rasa component: a message is a rating only when it holds one ("4", "4/5", "★★★★", "cinco
estrellas"), as bot.insight.satisfaction reads ratings.

Without it the classifier sent a few short "yes" and "thanks" messages to `rate_service` (measured on
the external held-out set). Such a message gets the next intent of the ranking instead; the
rating itself is read by the action from the same parser.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.insight.satisfaction import parse_rating

RATING_INTENT = "rate_service"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RatingGuard(GraphComponent):
    """Replaces `rate_service` by the next-ranked intent when the message holds no rating."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RatingGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") != RATING_INTENT or parse_rating(message.get(TEXT) or "") is not None:
                continue
            ranking = without_rating(message.get(INTENT_RANKING_KEY) or [])
            if ranking:
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages


def without_rating(ranking: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The ranking without `rate_service`, its confidences renormalised to sum as before: the
    classifier's reading given that the message is not a rating, so the fallback threshold that
    follows judges the next intent on its own weight, not on what the rating took from it."""
    rating = sum(entry.get("confidence", 0.0) for entry in ranking if entry.get("name") == RATING_INTENT)
    rest = [entry for entry in ranking if entry.get("name") != RATING_INTENT]
    scale = 1.0 / (1.0 - rating) if rating < 1.0 else 1.0
    return [{**entry, "confidence": entry.get("confidence", 0.0) * scale} for entry in rest]
