"""Full conversations through the REST channel, in both languages, checked against the case
records the actions wrote."""
from __future__ import annotations

import pytest
import requests

from bot.complaints.cases import case_row, conversation_cases
from bot.language import detect
from bot.store import session_scope

LONG = {"en": "my order is " + "really " * 700 + "annoying", "es": "esto es " + "muy " * 1200 + "molesto"}


def texts(replies: list[dict]) -> list[str]:
    return [r["text"] for r in replies if r.get("text")]


def assert_language(replies: list[dict], language: str) -> None:
    said = " ".join(texts(replies))
    assert said, "the bot said nothing"
    assert detect(said).language == language, said


def case_of(bot, sender: str) -> dict:
    """The conversation's current (newest) case."""
    return cases_of(bot, sender)[-1]


def cases_of(bot, sender: str) -> list[dict]:
    """Every case of the conversation, oldest first."""
    with session_scope(bot.engine) as session:
        return [case_row(case) for case in conversation_cases(session, sender)]


def complain(bot, sender, language, opening, order, email, remedy) -> list[dict]:
    """Open a complaint and answer the form; returns the replies to the last answer."""
    first = bot.say(sender, opening)
    assert_language(first, language)
    replies = []
    for answer in (order, email, remedy):
        replies = bot.say(sender, answer)
        assert_language(replies, language)
    return replies


# (language, opening message, demo order to copy, remedy answer, expected category and outcome)
SCENARIOS = [
    ("en", "My parcel never arrived", "ORD-10001", "A refund", "delivery", "goodwill"),
    ("en", "The tracking says delivered but I never got it", "ORD-10002", "Not sure",
     "delivery", "explained"),
    ("en", "My new laptop still hasn't been delivered", "ORD-10008", "A refund",
     "delivery", "handoff"),
    ("es", "Me habéis cobrado dos veces el mismo pedido", "ORD-20003", "Un reembolso",
     "billing", "goodwill"),
    ("es", "El seguimiento dice entregado pero aquí no ha llegado nada", "ORD-20002",
     "No lo sé", "delivery", "explained"),
    ("es", "Mi portátil todavía no ha llegado", "ORD-20006", "Un reembolso",
     "delivery", "handoff"),
]


@pytest.mark.parametrize("language, opening, demo_order, remedy, category, outcome", SCENARIOS)
def test_each_outcome_in_each_language(bot, conversation, fresh_order, language, opening, demo_order, remedy,
                                       category, outcome):
    sender = conversation(language)
    order, email = fresh_order(demo_order)
    replies = complain(bot, sender, language, opening, order, email, remedy)
    case = case_of(bot, sender)
    assert (case["language"], case["category"], case["order_id"], case["outcome"]) == (
        language, category, order, outcome)
    assert case["reasons"], "every decision records its reasons"
    said = " ".join(texts(replies))
    assert case["case"] in said or outcome == "goodwill"
    if outcome == "goodwill":
        assert replies[-1]["buttons"], "the offer comes with quick replies"
        accepted = bot.say(sender, replies[-1]["buttons"][0]["payload"])
        assert_language(accepted, language)
        assert case["case"] in " ".join(texts(accepted))
        assert case_of(bot, sender)["customer_answer"] == "accepted"
    if outcome == "handoff":
        assert bot.tracker(sender)["paused"] is True
        assert bot.say(sender, "hello?") == [], "a paused conversation waits for a person"


def test_explanation_repeats_the_certified_facts(bot, conversation, fresh_order):
    replies = complain(bot, conversation(), "en", "It says delivered but I never received it",
                       *fresh_order("ORD-10002"), "A refund")
    said = " ".join(texts(replies))
    assert "Royal Mail recorded the delivery on" in said and "signed by B. Carter" in said


def test_first_reply_is_on_the_customers_side(bot, conversation):
    for sender, text, language in ((conversation(), "I was charged twice for my order", "en"),
                                   (conversation(), "Me llegó el jarrón roto", "es")):
        first = " ".join(texts(bot.say(sender, text))).lower()
        assert ("sorry" in first) if language == "en" else ("siento" in first or "lamento" in first)
        assert "record" not in first and "registro" not in first, "no facts are discussed before they are checked"


@pytest.mark.parametrize("written, intent", [
    ("La atención fue pésima", "complain_service"),
    ("¿Cuándo llegará mi pedido? Ya pasó una semana", "complain_delivery"),
    ("El cargador no enciende desde el día que llegó", "complain_defective"),
    ("Cancélenlo, ya no lo quiero", "cancel_order"),
    ("Comuníqueme con un agente", "request_human"),
    ("Devuélvanme el dinero, por favor", "request_refund"),
])
def test_spanish_typed_without_accents_is_understood_as_written(bot, written, intent):
    typed = written.translate(str.maketrans("áéíóú", "aeiou", "¿¡"))
    assert typed != written
    assert bot.intent(written) == intent
    assert bot.intent(typed) == intent


def test_dispute_after_an_explanation_goes_to_a_person(bot, conversation, fresh_order):
    sender = conversation("es")
    complain(bot, sender, "es", "El paquete pone entregado pero no lo tengo", *fresh_order("ORD-20002"), "No lo sé")
    replies = bot.say(sender, "Eso es mentira, yo no firmé nada")
    assert_language(replies, "es")
    case = case_of(bot, sender)
    assert case["outcome"] == "handoff"
    assert "customer_disputes_the_records" in [r["rule"] for r in case["reasons"]]


def test_gibberish_does_not_answer_an_open_offer(bot, conversation, fresh_order):
    sender = conversation()
    complain(bot, sender, "en", "My parcel never arrived", *fresh_order("ORD-10001"), "A refund")
    replies = bot.say(sender, "xqzv blorf")
    assert "say it another way" in " ".join(texts(replies))
    assert case_of(bot, sender)["status"] == "offered"
    assert "is on its way" in " ".join(texts(bot.say(sender, "/affirm")))


def test_declined_offer_gets_one_alternative_then_a_person(bot, conversation, fresh_order):
    sender = conversation()
    complain(bot, sender, "en", "My order is late, it never came", *fresh_order("ORD-10012"), "A refund")
    alternative = bot.say(sender, "/deny")
    assert "replacement" in " ".join(texts(alternative))
    bot.say(sender, "/deny")
    assert case_of(bot, sender)["outcome"] == "handoff"


@pytest.mark.parametrize("language, opening, person", [
    ("en", "My blender stopped working", "I want to talk to a human"),
    ("es", "La batidora dejó de funcionar", "Quiero hablar con una persona"),
])
def test_asking_for_a_person_mid_form_hands_off(bot, conversation, language, opening, person):
    sender = conversation(language)
    bot.nobody_available()
    bot.say(sender, opening)
    replies = bot.say(sender, person)
    assert_language(replies, language)
    case = case_of(bot, sender)
    assert (case["outcome"], case["category"]) == ("handoff", "defective")
    assert replies[-1]["buttons"][0]["payload"] == "/deny", "nobody is there and no email proven: may we email?"
    assert_language(bot.say(sender, "/deny"), language)
    assert bot.tracker(sender)["paused"] is True


@pytest.mark.parametrize("language, opening, demo_order", [
    ("en", "The vase arrived smashed", "ORD-10011"),
    ("es", "El jarrón llegó roto", "ORD-20005"),
])
def test_bad_input_mid_conversation_gets_a_polite_answer_and_loses_nothing(bot, conversation, fresh_order, language,
                                                                            opening, demo_order):
    sender = conversation(language)
    order, email = fresh_order(demo_order)
    bot.say(sender, opening)
    for bad in ("ORD-99999", "🙂🙂🙂", "<script>alert('x')</script>", LONG[language]):
        replies = bot.say(sender, bad)
        assert texts(replies), f"no answer to {bad[:20]!r}"
        assert_language(replies, language)
        assert "<script>" not in " ".join(texts(replies))
    bot.say(sender, order)
    bot.say(sender, email)
    final = bot.say(sender, "A replacement" if language == "en" else "Una reposición")
    assert_language(final, language)
    case = case_of(bot, sender)
    assert (case["category"], case["order_id"], case["outcome"], case["remedy"]) == (
        "damaged", order, "goodwill", "replacement")


def test_a_wrong_email_is_politely_refused_and_a_corrected_order_asks_for_its_email(bot, conversation,
                                                                                     fresh_order):
    sender = conversation()
    order, email = fresh_order("ORD-10007")
    bot.say(sender, "I received the wrong item")
    bot.say(sender, "ORD-55555")
    mismatch = " ".join(texts(bot.say(sender, "someone@else.com")))
    assert "can't match that email with order ORD-55555" in mismatch
    assert "what would put this right" not in mismatch.lower()
    corrected = " ".join(texts(bot.say(sender, order)))
    assert "which email" in corrected and "look like an email" not in corrected
    assert "What would put this right" in " ".join(texts(bot.say(sender, email)))


def test_two_failures_in_a_row_offer_a_person(bot, conversation):
    sender = conversation("es")
    bot.say(sender, "Me cobraron de más")
    bot.say(sender, "ORD-1")
    second = bot.say(sender, "no sé cuál es")
    assert any(b["payload"] == "/request_human" for r in second for b in r.get("buttons", []))
    assert_language(second, "es")


def test_a_clear_message_in_the_other_language_switches_the_replies(bot, conversation):
    sender = conversation()
    bot.say(sender, "I was charged twice")
    spanish = bot.say(sender, "perdona, prefiero hablar en español")
    assert_language(spanish, "es")


def test_the_page_can_pin_the_language_for_short_messages(bot, conversation):
    sender = conversation()
    replies = bot.say(sender, "ok", metadata={"language": "es"})
    assert_language(replies, "es")


def test_rasa_http_api_needs_the_token(bot, conversation):
    sender = conversation()
    bot.say(sender, "hello")
    assert requests.get(f"{bot.url}/conversations/{sender}/tracker", timeout=10).status_code in (401, 403)
    assert bot.tracker(sender)["sender_id"] == sender


@pytest.mark.parametrize("language, opening, amount", [
    ("en", "You charged me €34.99 twice for one order", "€34.99"),
    ("es", "Me cobrasteis 34,99 € dos veces por el mismo pedido", "34,99 €"),
])
def test_an_amount_the_customer_mentions_is_kept_on_the_case(bot, conversation, fresh_order, language, opening,
                                                            amount):
    sender = conversation(language)
    order, email = fresh_order("ORD-10003")
    complain(bot, sender, language, opening, order, email, "A refund" if language == "en" else "Un reembolso")
    case = case_of(bot, sender)
    assert (case["category"], case["claimed_amount"], case["outcome"]) == ("billing", amount, "goodwill")


@pytest.mark.parametrize("language, first, second", [
    ("en", "xqzv blorf", "wibble ploq zzt"),
    ("es", "ñakf prrt", "zzgl ñuk ñuk"),
])
def test_two_misunderstandings_in_a_row_hand_off(bot, conversation, language, first, second):
    sender = conversation(language)
    bot.say(sender, "hola" if language == "es" else "hello")
    assert bot.say(sender, first), "the first misunderstanding gets a request to rephrase"
    replies = bot.say(sender, second)
    assert_language(replies, language)
    case = case_of(bot, sender)
    assert case["outcome"] == "handoff"
    assert [r["rule"] for r in case["reasons"]] == ["repeated_misunderstanding"]


@pytest.mark.parametrize("text", ["it was 49.99", "mi tarjeta acaba en 4321"])
def test_a_figure_that_is_no_order_reference_is_not_giving_the_order(bot, text):
    assert bot.intent(text) != "provide_order"


@pytest.mark.parametrize("text", ["my order is ORD-123", "pedido 99", "ORD-10001"])
def test_an_order_reference_mistyped_or_not_is_giving_the_order(bot, text):
    assert bot.intent(text) == "provide_order"
