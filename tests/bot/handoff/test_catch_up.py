"""What a returning widget is shown that it missed while closed: read from conversations Rasa's own
tracker store saved; on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from rasa.shared.core.events import BotUttered, UserUttered

from bot.handoff.catch_up import MAX_MISSED, missed_messages
from tests.trackers import START, bot, customer


def emailed(text: str, seconds: int) -> UserUttered:
    return UserUttered(text, parse_data={"intent": {}, "entities": []}, input_channel="email",
                       metadata={"channel": "email", "language": "es"},
                       timestamp=(START + timedelta(seconds=seconds)).timestamp())


def test_what_was_said_after_the_customer_left_and_nothing_before(rasa_trackers):
    rasa_trackers.add("w-abc", [
        customer("Quiero hablar con una persona", "request_human", 0),
        bot("Paso tu conversación a un compañero.", 1),
        BotUttered("Hola, soy Ana.", metadata={"agent": "ana", "language": "es"},
                   timestamp=(START + timedelta(seconds=100)).timestamp()),
        emailed("Gracias, sigo esperando.", 200),
        customer("hola?", "greet", 300),  # typed in a widget: it has it already
    ])
    missed = missed_messages(rasa_trackers.engine, "w-abc", START + timedelta(seconds=50))
    assert missed == [
        {"text": "Hola, soy Ana.", "metadata": {"language": "es"}},
        {"text": "Tu respuesta por correo, añadida a tu caso: «Gracias, sigo esperando.»",
         "metadata": {"language": "es"}},
    ]
    assert missed_messages(rasa_trackers.engine, "w-abc", START + timedelta(seconds=400)) == []
    assert missed_messages(rasa_trackers.engine, "w-other", START) == []


def test_only_the_latest_are_shown(rasa_trackers):
    rasa_trackers.add("w-many", [bot(f"message {n}", n + 1) for n in range(MAX_MISSED + 5)])
    missed = missed_messages(rasa_trackers.engine, "w-many", START)
    assert len(missed) == MAX_MISSED and missed[-1]["text"] == f"message {MAX_MISSED + 4}"


def test_a_missed_question_keeps_its_buttons(rasa_trackers):
    rasa_trackers.add("w-ask", [BotUttered("How did I do?", data={"buttons": [
        {"title": "5", "payload": '/rate_service{"csat_rating": 5}'}, {"title": "", "payload": "/deny"}]},
        metadata={"language": "en"}, timestamp=(START + timedelta(seconds=10)).timestamp())])
    [missed] = missed_messages(rasa_trackers.engine, "w-ask", START)
    assert missed["quick_replies"] == [{"content_type": "text", "title": "5",
                                        "payload": '/rate_service{"csat_rating": 5}'}]

