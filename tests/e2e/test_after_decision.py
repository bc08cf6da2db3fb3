"""After a calm explanation, through REST with the real model: a customer who refuses the facts
hears them again once, then a person takes over with the reason in the case; feeling called a
liar is answered, not warned about; a disputed record goes to a person at once."""
from __future__ import annotations

import pytest

from tests.e2e.test_conversations import assert_language, case_of, cases_of, complain, texts

# (language, opening, certified-delivery demo order, remedy answer)
EXPLAINED = {
    "en": ("The tracking says delivered but I never got it", "ORD-10002", "A refund"),
    "es": ("El seguimiento dice entregado pero aquí no ha llegado nada", "ORD-20002", "Un reembolso"),
}
FACTS = {"en": "Royal Mail recorded the delivery on", "es": "registró la entrega el"}
FACTS_AGAIN = {"en": "Here is again what our records show", "es": "Te repito lo que muestran nuestros registros"}
NEXT_STEP = {"en": "neighbours", "es": "vecinos"}
GESTURE_KEPT = {"en": "is still yours", "es": "sigue siendo tuyo"}
HANDOFF = {"en": "passing your conversation to a colleague", "es": "Paso tu conversación a un compañero"}
RESPECT_WARNING = {"en": "keep it respectful", "es": "Mantengamos el respeto"}
ORDER_QUESTION = {"en": "order reference", "es": "referencia de tu pedido"}


def explained(bot, conversation, fresh_order, language: str) -> str:
    sender = conversation(language)
    opening, demo_order, remedy = EXPLAINED[language]
    order, email = fresh_order(demo_order)
    said = " ".join(texts(complain(bot, sender, language, opening, order, email, remedy)))
    assert FACTS[language] in said and case_of(bot, sender)["outcome"] == "explained", said
    return sender


@pytest.mark.parametrize("language, refusal, again", [
    ("en", "I never received it", "I want a refund anyway"),
    ("es", "no lo acepto", "quiero el reembolso de todas formas"),
])
def test_a_refusal_hears_the_facts_again_then_a_person(bot, conversation, fresh_order, language, refusal, again):
    sender = explained(bot, conversation, fresh_order, language)
    first = bot.say(sender, refusal)
    said = " ".join(texts(first))
    assert_language(first, language)
    assert FACTS_AGAIN[language] in said and FACTS[language] in said, said
    assert NEXT_STEP[language] in said and GESTURE_KEPT[language] in said, said
    assert ORDER_QUESTION[language] not in said, "the complaint form does not start again"
    case = case_of(bot, sender)
    assert case["status"] == "closed" and case["reasons"][-1]["rule"] == "facts_told_again"

    second = " ".join(texts(bot.say(sender, again)))
    assert HANDOFF[language] in second and case["case"] in second, second
    case = case_of(bot, sender)
    assert (case["outcome"], case["status"]) == ("handoff", "queued")
    assert "customer_disputes_the_records" in [reason["rule"] for reason in case["reasons"]]
    assert bot.tracker(sender)["paused"] is True


@pytest.mark.parametrize("language, question, answer", [
    ("en", "so you're calling me a liar?", "Not at all"),
    ("es", "¿me estás llamando mentiroso?", "En absoluto"),
])
def test_feeling_called_a_liar_is_answered_not_warned(bot, conversation, fresh_order, language, question, answer):
    sender = explained(bot, conversation, fresh_order, language)
    said = " ".join(texts(bot.say(sender, question)))
    assert said.startswith(answer) and FACTS[language] in said, said
    assert RESPECT_WARNING[language] not in said
    assert bot.tracker(sender)["slots"]["insults"] == 0


@pytest.mark.parametrize("language, dispute", [
    ("en", "that's not my signature, I never signed anything"),
    ("es", "esa firma no es la mía, yo no he firmado nada"),
])
def test_a_disputed_record_goes_to_a_person_at_once(bot, conversation, fresh_order, language, dispute):
    sender = explained(bot, conversation, fresh_order, language)
    said = " ".join(texts(bot.say(sender, dispute)))
    assert HANDOFF[language] in said, said
    assert "customer_disputes_the_records" in [reason["rule"] for reason in case_of(bot, sender)["reasons"]]



@pytest.mark.parametrize("language, new_problem", [
    ("en", "and the box it came in was completely crushed"),
    ("es", "y además la caja llegó completamente aplastada"),
])
def test_another_problem_after_an_explanation_is_a_new_case_on_the_same_order(bot, conversation, fresh_order,
                                                                             language, new_problem):
    sender = explained(bot, conversation, fresh_order, language)
    said = " ".join(texts(bot.say(sender, new_problem)))
    assert FACTS_AGAIN[language] not in said and ORDER_QUESTION[language] not in said, said
    last = bot.say(sender, EXPLAINED[language][2])
    assert_language(last, language)
    first, second = cases_of(bot, sender)
    assert (first["category"], first["outcome"]) == ("delivery", "explained")
    assert second["category"] == "damaged" and second["order_id"] == first["order_id"] and second["outcome"]


def test_a_complaint_about_an_order_with_an_open_case_is_added_to_it(bot, conversation, fresh_order):
    order, email = fresh_order("ORD-10001")  # a delivery refund is offered: the case stays open
    earlier = conversation("en")
    complain(bot, earlier, "en", "My parcel never arrived", order, email, "A refund")
    sender = conversation("en")
    said = " ".join(texts(complain(bot, sender, "en", "The parcel still has not arrived, this is ridiculous",
                                   order, email, "A refund")))
    case = case_of(bot, earlier)
    assert f"already has an open case, {case['case']}" in said and "Shall I go ahead?" not in said, said
    assert cases_of(bot, sender) == [] and case["reasons"][-1]["rule"] == "added_to_open_case"
