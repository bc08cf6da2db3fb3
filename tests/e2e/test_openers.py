"""Real customers' first messages through REST with the real model: a greeting in front of a
complaint does not lose it, and a language asked for by name is the one the bot continues in."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.store import session_scope
from bot.store.models import Case
from tests.e2e.test_conversations import assert_language, case_of, texts

ASK_ORDER = {"en": "order reference", "es": "referencia de tu pedido"}
ASK_REMEDY = {"en": "What would put this right", "es": "¿Qué te ayudaría a solucionarlo?"}
GREETING = {"en": "Hi! I'm the customer care assistant", "es": "¡Hola! Soy el asistente"}


@pytest.mark.parametrize("language, opening, demo_order, category, remedy", [
    ("en", "Hello, my parcel never came and I needed it for my daughter's birthday", "ORD-10001", "delivery",
     "A refund"),
    ("es", "hola buenas, el jarrón llegó roto y la caja venía aplastada", "ORD-20005", "damaged", "Una reposición"),
])
def test_a_greeting_in_front_of_a_complaint_goes_straight_to_the_order(bot, conversation, fresh_order, language,
                                                                       opening, demo_order, category, remedy):
    sender = conversation(language)
    order, email = fresh_order(demo_order)
    first = " ".join(texts(bot.say(sender, opening)))
    assert GREETING[language] not in first and ASK_ORDER[language] in first, first
    assert bot.tracker(sender)["slots"]["complaint_category"] == category
    bot.say(sender, order)
    asked = " ".join(texts(bot.say(sender, email)))
    assert ASK_REMEDY[language] in asked, "neither the category nor the details are asked again"
    assert_language(bot.say(sender, remedy), language)
    case = case_of(bot, sender)
    assert (case["category"], case["order_id"]) == (category, order)
    with session_scope(bot.engine) as session:
        details = session.execute(select(Case.details).where(Case.conversation_id == sender)).scalar_one()
    assert details == opening, "the details come from the first message"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_pure_greeting_is_still_a_greeting(bot, conversation, language):
    assert GREETING[language] in " ".join(texts(bot.say(conversation(language), "hola buenas" if language == "es"
                                                         else "hi there, good morning")))


def test_asking_for_english_in_spanish_switches_and_says_so(bot, conversation):
    sender = conversation("es")
    bot.say(sender, "hola")
    replies = bot.say(sender, "¿podemos seguir en inglés?")
    assert "let's continue in English" in " ".join(texts(replies))
    assert bot.tracker(sender)["slots"]["language"] == "en"


def test_asking_for_spanish_mid_complaint_switches_and_carries_on(bot, conversation):
    sender = conversation("en")
    bot.say(sender, "I was charged twice for one order")
    said = " ".join(texts(bot.say(sender, "¿podemos hablar en español?")))
    assert "seguimos en español" in said and ASK_ORDER["es"] in said, said
