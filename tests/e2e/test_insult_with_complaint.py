"""An insult inside a complaint, through REST with the real model: the complaint is kept
(category and details), the tone is answered in one sentence, and no abuse strike is counted."""
from __future__ import annotations

import pytest

from tests.e2e.test_after_decision import ORDER_QUESTION, RESPECT_WARNING
from tests.e2e.test_conversations import texts

TONE = {"en": "I can hear how angry you are", "es": "Entiendo que estés muy enfadado"}


@pytest.mark.parametrize("language, message, category", [
    ("en", "the mug you sent is broken you useless idiots", "damaged"),
    ("es", "el pedido no llega nunca, sois unos ladrones", "delivery"),
])
def test_the_complaint_is_kept_and_the_tone_answered_in_passing(bot, conversation, language, message, category):
    sender = conversation(language)
    replies = texts(bot.say(sender, message))
    assert replies[0].startswith(TONE[language]) and ORDER_QUESTION[language] in " ".join(replies), replies
    assert RESPECT_WARNING[language] not in " ".join(replies)
    slots = bot.tracker(sender)["slots"]
    assert (slots["complaint_category"], slots["complaint_details"], slots["insults"]) == (category, message, 0)


@pytest.mark.parametrize("language, insult", [("en", "you are all useless idiots"), ("es", "sois unos inútiles")])
def test_an_insult_alone_still_gets_the_respect_warning(bot, conversation, language, insult):
    sender = conversation(language)
    assert RESPECT_WARNING[language] in " ".join(texts(bot.say(sender, insult)))
    assert bot.tracker(sender)["slots"]["insults"] == 1
