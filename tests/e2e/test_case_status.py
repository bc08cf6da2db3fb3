"""A customer who comes back, through REST with the real model: "where is my refund?" after an
accepted refund is answered with the policy's timing; a case asked for by reference or by order
in a new conversation is told only after the order's email, and a wrong email tells nothing."""
from __future__ import annotations

import pytest

from tests.e2e.test_after_decision import ORDER_QUESTION
from tests.e2e.test_conversations import assert_language, case_of, complain, texts

# (language, opening, demo order with a goodwill refund, remedy answer)
REFUNDED = {
    "en": ("My parcel never arrived", "ORD-10001", "A refund"),
    "es": ("Me habéis cobrado dos veces el mismo pedido", "ORD-20003", "Un reembolso"),
}
REFUND_TIMING = {"en": "Refunds reach your account within 5 working days",
                 "es": "Los reembolsos llegan a tu cuenta en 5 días hábiles"}
EMAIL_QUESTION = {"en": "which email address", "es": "¿con qué correo electrónico"}
EMAIL_MISMATCH = {"en": "can't match that email", "es": "no puedo relacionar ese correo"}


def refunded(bot, conversation, fresh_order, language: str) -> tuple[str, str, str, str]:
    """A complaint ending in an accepted refund: (sender, order, email, case reference)."""
    sender = conversation(language)
    opening, demo_order, remedy = REFUNDED[language]
    order, email = fresh_order(demo_order)
    offer = complain(bot, sender, language, opening, order, email, remedy)
    bot.say(sender, offer[-1]["buttons"][0]["payload"])
    case = case_of(bot, sender)
    assert (case["outcome"], case["customer_answer"], case["remedy"]) == ("goodwill", "accepted", "refund")
    return sender, order, email, case["case"]


@pytest.mark.parametrize("language, question", [
    ("en", "where is my refund? you promised it last week"),
    ("es", "¿dónde está mi reembolso? me lo prometisteis la semana pasada"),
])
def test_where_is_my_refund_after_an_accepted_refund(bot, conversation, fresh_order, language, question):
    sender, _, _, reference = refunded(bot, conversation, fresh_order, language)
    replies = bot.say(sender, question)
    said = " ".join(texts(replies))
    assert_language(replies, language)
    assert reference in said and REFUND_TIMING[language] in said, said
    assert EMAIL_QUESTION[language] not in said and ORDER_QUESTION[language] not in said, "identity is not asked again"


@pytest.mark.parametrize("language, question", [
    ("en", "what's the status of my case {reference}?"),
    ("es", "¿cómo va mi caso {reference}?"),
    ("en", "I complained about {order} a few days ago, any news?"),
    ("es", "reclamé por el pedido {order} hace unos días, ¿hay novedades?"),
])
def test_an_earlier_case_by_reference_or_order_after_the_identity_check(bot, conversation, fresh_order, language,
                                                                        question):
    _, order, email, reference = refunded(bot, conversation, fresh_order, language)
    sender = conversation(language)
    asked = " ".join(texts(bot.say(sender, question.format(reference=reference, order=order))))
    assert reference not in asked, asked
    if "{order}" not in question:
        assert ORDER_QUESTION[language] in asked, asked
        asked = " ".join(texts(bot.say(sender, order)))
    assert EMAIL_QUESTION[language] in asked, asked
    wrong = " ".join(texts(bot.say(sender, "someone.else@example.org")))
    assert EMAIL_MISMATCH[language] in wrong and reference not in wrong and REFUND_TIMING[language] not in wrong
    said = " ".join(texts(bot.say(sender, email)))
    assert reference in said and REFUND_TIMING[language] in said, said


def test_a_case_reference_of_another_order_tells_nothing(bot, conversation, fresh_order):
    _, _, _, reference = refunded(bot, conversation, fresh_order, "en")
    other_order, other_email = fresh_order("ORD-10003")
    sender = conversation("en")
    bot.say(sender, f"any update on {reference}?")
    bot.say(sender, other_order)
    said = " ".join(texts(bot.say(sender, other_email)))
    assert "can't find a complaint for that order" in said and reference not in said, said
