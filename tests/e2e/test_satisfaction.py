"""Satisfaction once a case ends, through REST with the real model and action server: the rating
asked once in the customer's language with five buttons, typed ratings understood, an optional
comment kept masked with the case, and a customer who ignores the question handled as usual."""
from __future__ import annotations

import pytest

from tests.e2e.test_conversations import assert_language, case_of, cases_of, complain, texts

ASKED = {"en": "how did I do", "es": "cómo te he atendido"}
THANKS = {"en": "Thank you for your rating", "es": "Gracias por tu valoración"}
COMMENT_ASKED = {"en": "Write your comment", "es": "Escribe tu comentario"}
COMMENT_THANKS = {"en": "pass it on to the team", "es": "se lo haré llegar al equipo"}
# (language, opening, demo order whose facts support the customer, remedy answer)
GOODWILL = {"en": ("My parcel never arrived", "ORD-10001", "A refund"),
            "es": ("Me habéis cobrado dos veces el mismo pedido", "ORD-20003", "Un reembolso")}
EXPLAINED = {"en": ("The tracking says delivered but I never got it", "ORD-10002", "Not sure"),
             "es": ("El seguimiento dice entregado pero aquí no ha llegado nada", "ORD-20002", "No lo sé")}


def _question(replies: list[dict]) -> dict:
    asked = [r for r in replies if r.get("buttons") and "rate_service" in r["buttons"][0]["payload"]]
    assert len(asked) == 1, replies
    return asked[0]


def _goodwill_accepted(bot, conversation, fresh_order, language: str) -> tuple[str, list[dict]]:
    sender = conversation(language)
    opening, demo_order, remedy = GOODWILL[language]
    offer = complain(bot, sender, language, opening, *fresh_order(demo_order), remedy)
    assert case_of(bot, sender)["outcome"] == "goodwill"
    return sender, bot.say(sender, offer[-1]["buttons"][0]["payload"])


@pytest.mark.parametrize("language, comment", [
    ("en", "Quick and polite. Write to me at ana.lopez@example.com"),
    ("es", "Muy amable y rápido. Mi correo es ana.lopez@example.com"),
])
def test_rating_and_comment_after_accepted_goodwill(bot, conversation, fresh_order, language, comment):
    sender, accepted = _goodwill_accepted(bot, conversation, fresh_order, language)
    assert_language(accepted, language)
    question = _question(accepted)
    assert ASKED[language] in question["text"]
    assert [b["title"] for b in question["buttons"]] == ["1", "2", "3", "4", "5"]

    thanks = bot.say(sender, question["buttons"][3]["payload"])
    assert_language(thanks, language)
    assert THANKS[language] in " ".join(texts(thanks))
    case = case_of(bot, sender)
    assert (case["csat_rating"], case["csat_resolved_by"], case["csat_comment"]) == (4, "bot", None)

    asked = bot.say(sender, thanks[-1]["buttons"][0]["payload"])  # "Add a comment"
    assert COMMENT_ASKED[language] in " ".join(texts(asked)), asked
    kept = bot.say(sender, comment)
    assert COMMENT_THANKS[language] in " ".join(texts(kept)), kept
    stored = case_of(bot, sender)["csat_comment"]
    assert stored.startswith(comment.split(".")[0]) and "ana.lopez@example.com" not in stored, stored
    assert bot.tracker(sender)["slots"]["csat_case"] is None


@pytest.mark.parametrize("language, typed, rating", [("en", "4/5", 4), ("es", "cinco estrellas", 5)])
def test_a_typed_rating_is_understood(bot, conversation, fresh_order, language, typed, rating):
    sender, accepted = _goodwill_accepted(bot, conversation, fresh_order, language)
    _question(accepted)
    assert THANKS[language] in " ".join(texts(bot.say(sender, typed)))
    assert case_of(bot, sender)["csat_rating"] == rating


@pytest.mark.parametrize("language, refusal, facts_again", [
    ("en", "I never received it", "Here is again what our records show"),
    ("es", "no lo acepto", "Te repito lo que muestran nuestros registros"),
])
def test_a_customer_who_ignores_the_question_is_answered_as_usual(bot, conversation, fresh_order, language,
                                                                   refusal, facts_again):
    sender = conversation(language)
    opening, demo_order, remedy = EXPLAINED[language]
    explained = complain(bot, sender, language, opening, *fresh_order(demo_order), remedy)
    assert ASKED[language] in _question(explained)["text"], "an explanation ends the case: the rating is asked"
    reply = bot.say(sender, refusal)
    assert facts_again in " ".join(texts(reply)), reply
    assert not [r for r in reply if r.get("buttons")], "the question is not asked again"
    case = case_of(bot, sender)
    assert case["csat_rating"] is None and case["csat_resolved_by"] == "bot"


def test_a_new_complaint_after_the_question_starts_a_new_matter(bot, conversation, fresh_order):
    sender, accepted = _goodwill_accepted(bot, conversation, fresh_order, "en")
    first = case_of(bot, sender)["case"]
    _question(accepted)
    reply = " ".join(texts(bot.say(sender, "Also, the mug in my other order arrived broken")))
    assert "sorry" in reply.lower(), reply
    assert bot.tracker(sender)["slots"]["csat_case"] is None
    assert THANKS["en"] not in " ".join(texts(bot.say(sender, "5"))), "a rating now rates nothing"
    assert [c["csat_rating"] for c in cases_of(bot, sender) if c["case"] == first] == [None]


def test_a_rating_with_nothing_asked_rates_nothing(bot, conversation):
    sender = conversation("en")
    reply = " ".join(texts(bot.say(sender, '/rate_service{"csat_rating":"5"}')))
    assert THANKS["en"] not in reply and reply, reply
