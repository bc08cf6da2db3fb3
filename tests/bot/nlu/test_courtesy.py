"""Where a message's content starts after an opening greeting, thanks or apology."""
import pytest

from bot.nlu.courtesy import content_start


@pytest.mark.parametrize("text, content", [
    ("Hello, my order arrived broken", "my order arrived broken"),
    ("Good morning. I was charged twice", "I was charged twice"),
    ("hi hi, my order is late", "my order is late"),
    ("HEY THERE!!! where is my parcel", "where is my parcel"),
    ("Thanks for getting back to me. The lamp is cracked", "The lamp is cracked"),
    ("Dear customer service, the kettle leaks", "the kettle leaks"),
    ("hola buenas, me enviaron otra cosa", "me enviaron otra cosa"),
    ("¡Buenos días! El pedido no llega", "El pedido no llega"),
    ("Hola, perdona que moleste, pero el cargo está mal", "perdona que moleste, pero el cargo está mal"),
    ("Thanks for answering. I ordered a blue jacket", "I ordered a blue jacket"),
    ("Sorry, quick one: you billed me twice", "you billed me twice"),
    ("Gracias por contestar. Pedí unas botas", "Pedí unas botas"),
    ("Estimados señores: la batería no carga", "la batería no carga"),
])
def test_the_opening_is_left_out(text, content):
    assert text[content_start(text):] == content


@pytest.mark.parametrize("text", [
    "hello", "hi there", "good morning!", "hey, good afternoon", "hola, buenas", "thanks so much", "thank you, bye",
    "history of my order", "Hiya", "muchas gracias", "", "   ", "🙂", "hey, what's new", "Hi, cash please",
    "thanks for the reply", "thanks a lot", "gracias, lo haré a través de la aplicación",
])
def test_a_message_that_is_all_courtesy_or_has_no_opening_is_whole(text):
    assert content_start(text) == 0


def test_a_long_run_of_openings_costs_little():
    assert content_start("hi, " * 50_000 + "my order is late") > 0
