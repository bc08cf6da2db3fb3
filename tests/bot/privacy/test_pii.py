"""Personal data is found and masked in customers' text, in both languages, and what a complaint
needs (order and case references, amounts, dates) stays readable."""
import pytest

from bot.privacy.pii import find_personal_data, mask_personal_data


@pytest.mark.parametrize("text, masked", [
    ("mail me at ana.perez@example.es", "mail me at a***@example.es"),
    ("call +34 600 111 222 today", "call [phone] today"),
    ("llámame al 612 345 678 por la tarde", "llámame al [phone] por la tarde"),
    ("ring me on 07700 900123", "ring me on [phone]"),
    ("card 4111 1111 1111 1111 was charged", "card [card ••1111] was charged"),
    ("la tarjeta 5500-0000-0000-0004 tiene dos cargos", "la tarjeta [card ••0004] tiene dos cargos"),
    ("card 4111111111111111", "card [card ••1111]"),
    ("refund to ES91 2100 0418 4502 0005 1332 please", "refund to [IBAN ••1332] please"),
    ("mi IBAN es GB29NWBK60161331926819", "mi IBAN es [IBAN ••6819]"),
    ("mi DNI es 12345678Z", "mi DNI es [ID]"),
    ("NIE X-1234567-L", "NIE [ID]"),
    ("order ORD-10001 on 12/03 for €1,250.00", "order ORD-10001 on 12/03 for €1,250.00"),
    ("case C-000022, tracking JD014600003828469", "case C-000022, tracking JD014600003828469"),
    ('"confidence": 0.9999809506169656', '"confidence": 0.9999809506169656'),  # a fraction, not a phone
    ("call me on 612345678.", "call me on [phone]."),
    ("", ""),
])
def test_masking(text, masked):
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize("text", [
    "card 4111 1111 1111 1112",  # fails the Luhn check: not a card number
    "IBAN ES91 2100 0418 4502 0005 1333",  # fails the checksum
    "DNI 12345678A",  # wrong check letter
    "order ORD-10001, 2 items, 34.99 EUR",
])
def test_numbers_that_fail_their_check_are_not_masked_as_such(text):
    assert [s.kind for s in find_personal_data(text) if s.kind != "phone"] == []


def test_spans_do_not_overlap_and_come_in_order():
    text = "ana@example.es 4111 1111 1111 1111 +34 600 111 222 12345678Z"
    spans = find_personal_data(text)
    assert [s.kind for s in spans] == ["email", "card", "phone", "national_id"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
