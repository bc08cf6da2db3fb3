"""Personal data is masked in text meant for logs and reviews."""
import pytest

from bot.pii import mask_personal_data


@pytest.mark.parametrize("text, masked", [
    ("mail me at ana.perez@example.es", "mail me at a***@example.es"),
    ("call +34 600 111 222 today", "call [phone] today"),
    ("card 4111 1111 1111 1234 was charged", "card [card ••1234] was charged"),
    ("card 4111111111111234", "card [card ••1234]"),
    ("order ORD-10001 on 12/03", "order ORD-10001 on 12/03"),
    ("", ""),
])
def test_masking(text, masked):
    assert mask_personal_data(text) == masked
