"""Finding a second problem in one message, clause by clause (the reader is given here as a table;
tests/e2e/test_two_problems.py reads with the real model)."""
import pytest

from bot.complaints.categories import category_of
from bot.complaints.two_problems import Problem, clauses, second_problem


@pytest.mark.parametrize("text, expected", [
    ("My order came late AND I was charged twice", ["My order came late", "I was charged twice"]),
    ("El pedido llegó tarde y además me cobrasteis dos veces.",
     ["El pedido llegó tarde", "me cobrasteis dos veces."]),
    ("The mug is broken. Also the invoice is wrong!", ["The mug is broken", "the invoice is wrong!"]),
    ("bread and butter", []),
    ("I ordered a blue mug and it arrived broken", ["it arrived broken"]),  # the story's start is context
    ("pedí una taza azul y además llegó rota del todo", ["llegó rota del todo"]),  # too short to be read on its own
    ("", []),
])
def test_clauses(text, expected):
    assert clauses(text) == expected


@pytest.mark.parametrize("intent, category", [
    ("complain_billing", "billing"), ("complain_wrong_item", "wrong_item"), ("complain", None),
    ("complain_unknown", None), ("greet", None),
])
def test_category_of(intent, category):
    assert category_of(intent) == category


READINGS = {
    "My order came late": ("complain_delivery", 0.93),
    "I was charged twice": ("complain_billing", 0.88),
    "I ordered a lamp": ("complain_delivery", 0.41),
    "it arrived broken": ("complain_damaged", 0.95),
    "I want my money back": ("request_refund", 0.9),
}


def read(text: str) -> tuple[str, float]:
    return READINGS[text]


@pytest.mark.parametrize("text, first, expected", [
    ("My order came late and I was charged twice", "delivery", Problem("billing", "I was charged twice")),
    ("My order came late and I was charged twice", "billing", Problem("delivery", "My order came late")),
    ("it arrived broken and I ordered a lamp", "damaged", None),  # the story, not a second problem
    ("it arrived broken and I want my money back", "damaged", None),  # a wish, not a second problem
    ("My order came late", "delivery", None),
])
def test_second_problem(text, first, expected):
    assert second_problem(text, first, read) == expected
