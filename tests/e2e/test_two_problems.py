"""A message with two complaints, through REST with the real model: the bot says it will handle
one and then the other, and does; both end up as cases of the conversation. A message with one
problem told in two clauses stays one complaint."""
from __future__ import annotations

import pytest

from tests.e2e.test_after_decision import ORDER_QUESTION
from tests.e2e.test_conversations import assert_language, cases_of, texts

TWO_PROBLEMS = {"en": "I can see there are two things here", "es": "Veo que son dos cosas"}
NEXT_PROBLEM = {"en": "Now, as promised,", "es": "Ahora vamos con"}
OFFER = {"en": "Shall I go ahead?", "es": "¿Lo tramito?"}
YES = {"en": "Yes, please", "es": "Sí, por favor"}
REMEDY_QUESTION = {"en": "What would put this right for you?", "es": "¿Qué te ayudaría a solucionarlo?"}
REMEDY = {"en": "A refund", "es": "Un reembolso"}


def finish_the_first(bot, sender, language, replies) -> str:
    """Accept an offer if one was made; returns everything said after the first outcome."""
    said = " ".join(texts(replies))
    if OFFER[language] in said:
        replies = bot.say(sender, YES[language])
        assert_language(replies, language)
        said = " ".join(texts(replies))
    return said


@pytest.mark.parametrize("language, message, categories", [
    ("en", "My order came late AND I was charged twice", {"delivery", "billing"}),
    ("es", "El pedido llegó tarde y además me cobrasteis dos veces", {"delivery", "billing"}),
    ("en", "my headphones stopped working after a week and also the box was crushed", {"defective", "damaged"}),
])
def test_two_problems_are_both_handled_one_after_the_other(bot, conversation, fresh_order, language, message,
                                                           categories):
    sender = conversation(language)
    order, email = fresh_order("ORD-10003")
    first = bot.say(sender, message)
    assert TWO_PROBLEMS[language] in " ".join(texts(first)), texts(first)
    for answer in (order, email, REMEDY[language]):
        replies = bot.say(sender, answer)
        assert_language(replies, language)
    said = finish_the_first(bot, sender, language, replies)
    assert NEXT_PROBLEM[language] in said and REMEDY_QUESTION[language] in said, said
    assert ORDER_QUESTION[language] not in said, "the verified order is not asked for again"
    last = bot.say(sender, REMEDY[language])
    assert_language(last, language)
    cases = cases_of(bot, sender)
    assert {case["category"] for case in cases} == categories and len(cases) == 2
    assert all(case["outcome"] for case in cases) and {case["order_id"] for case in cases} == {order}


@pytest.mark.parametrize("language, message", [
    ("en", "I ordered a blue mug and it arrived broken"),
    ("en", "the mug arrived broken and I want a refund"),
    ("es", "me cobrasteis dos veces y quiero el reembolso"),
])
def test_one_problem_in_two_clauses_stays_one(bot, conversation, language, message):
    said = " ".join(texts(bot.say(conversation(language), message)))
    assert TWO_PROBLEMS[language] not in said and ORDER_QUESTION[language] in said, said
