"""Rasa component: an intent that says the message holds something is kept only when it does.
A rating is a rating only with one in it ("4", "4/5", "★★★★", "cinco estrellas"), read as
bot.insight.satisfaction reads ratings; giving the order only with an order reference or an
email in it, or an attempt at one ("ORD-123"), read as bot.orders.lookup reads them.

Without it the classifier sent a few short "yes" and "thanks" messages to `rate_service`, and
banking questions with a card's or an amount's figures to `provide_order` (measured on the
external held-out set, docs/benchmarks-reading.md). Such a message gets the next intent of the
ranking instead.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.insight.satisfaction import parse_rating
from bot.orders.lookup import gives_order_details

# Intent -> whether a message's text holds what the intent says it gives.
WHAT_EACH_INTENT_HOLDS: Dict[str, Callable[[str], bool]] = {
    "rate_service": lambda text: parse_rating(text) is not None,
    "provide_order": gives_order_details,
}


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentGuard(GraphComponent):
    """Replaces `rate_service` or `provide_order` by the next-ranked intent when the message
    holds no rating, or no order reference or email."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "IntentGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            name = (message.get(INTENT) or {}).get("name")
            while name in WHAT_EACH_INTENT_HOLDS and not WHAT_EACH_INTENT_HOLDS[name](text) and len(ranking) > 1:
                ranking = without_intent(ranking, name)
                name = ranking[0].get("name")
                message.set(INTENT, ranking[0], add_to_output=True)
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages


def without_intent(ranking: List[Dict[Text, Any]], name: str) -> List[Dict[Text, Any]]:
    """The ranking without intent `name`, its confidences renormalised to sum as before: the
    classifier's reading given that the message is not that intent, so the fallback threshold that
    follows judges the next intent on its own weight, not on what the dropped one took from it."""
    dropped = sum(entry.get("confidence", 0.0) for entry in ranking if entry.get("name") == name)
    rest = [entry for entry in ranking if entry.get("name") != name]
    scale = 1.0 / (1.0 - dropped) if dropped < 1.0 else 1.0
    return [{**entry, "confidence": entry.get("confidence", 0.0) * scale} for entry in rest]
