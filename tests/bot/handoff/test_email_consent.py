"""A handed-off customer's answer to whether a person may answer by email: an address agrees, a no
declines, anything else is asked once more and then counts as a no."""
from __future__ import annotations

import pytest

from bot.handoff.email_consent import ASKS, ConsentAnswer, read_answer

OURS = "care.example"  # the domain of our own reply addresses


@pytest.mark.parametrize("text", ["lucia@example.es", "sí, a Lucia.P+quejas@Example.es por favor",
                                  "my email is <b>lucia@example.es</b> 😊"])
def test_an_address_written_agrees(text):
    email = read_answer(text, "provide_email", asked=1, own_domain=OURS).email
    assert email in ("lucia@example.es", "lucia.p+quejas@example.es")


def test_a_no_declines_at_once():
    assert read_answer("/deny", "deny", asked=1, own_domain=OURS) == ConsentAnswer(declined=True)
    assert read_answer("no gracias", "deny", asked=1, own_domain=OURS) == ConsentAnswer(declined=True)


def test_anything_else_is_asked_again_then_counts_as_a_no():
    assert read_answer("I want a person NOW", "request_human", asked=1, own_domain=OURS) == ConsentAnswer()
    assert read_answer("???", "nlu_fallback", asked=ASKS, own_domain=OURS) == ConsentAnswer(declined=True)


@pytest.mark.parametrize("text", ["lucia@", "@example.es", "lucia@example", "x" * 250 + "@example.es"])
def test_no_address_is_taken_from_what_is_not_one(text):
    assert read_answer(text, "inform", asked=1, own_domain=OURS).email is None


def test_a_header_smuggled_after_the_address_is_left_behind():
    smuggled = read_answer("lucia@example.es\r\nBcc: all@example.com", "inform", asked=1, own_domain=OURS)
    assert smuggled.email == "lucia@example.es"


@pytest.mark.parametrize("text", ["reply+1.abc.def@care.example", "me@mail.care.example"])
def test_our_own_reply_addresses_are_no_customers(text):
    """Answered there, a person's email would come back into the case as the customer's words."""
    assert read_answer(text, "inform", asked=1, own_domain=OURS) == ConsentAnswer()
    assert read_answer("lucia@notcare.example", "inform", asked=1, own_domain=OURS).email == "lucia@notcare.example"
