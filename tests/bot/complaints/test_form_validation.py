"""Checks of the form's answers about the complaint (details, the wished-for remedy)."""
import pytest

from bot.complaints.form_validation import check_details, parse_remedy, should_offer_person


def test_details_are_kept_but_bounded():
    assert check_details("  it   broke  ").value == "it broke"
    assert len(check_details("a " * 5000).value) == 2000
    assert not check_details("   ").ok
    assert check_details("   ").reply is None, "the form asks again by itself; no second question"


@pytest.mark.parametrize("answer, remedy", [
    ("A refund", "refund"), ("Un reembolso", "refund"), ("I want my money back", "refund"),
    ("A replacement", "replacement"), ("Una reposición", "replacement"), ("cámbienmelo por otro", "replacement"),
    ("A voucher", "voucher"), ("Un vale", "voucher"), ("store credit is fine", "voucher"),
    ("refund the shipping", "refund"), ("just the postage", "shipping_refund"),
    ("Not sure", "any"), ("No lo sé", "any"), ("", "any"),
])
def test_remedy_answers(answer, remedy):
    assert parse_remedy(answer) == remedy


def test_a_person_is_offered_after_two_failures():
    assert [should_offer_person(n) for n in (0, 1, 2, 3)] == [False, False, True, True]
