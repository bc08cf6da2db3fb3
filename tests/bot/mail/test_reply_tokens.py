"""Per-case reply addresses: only the ones this deployment signed, for their case, until they expire."""
from datetime import datetime, timedelta

import pytest

from bot.mail.reply_tokens import REPLY_DAYS, ReplyAddressError, ReplyAddresses

ADDRESSES = ReplyAddresses("the deployment's reply key", "Replies.Example.com")
NOW = datetime(2026, 12, 2, 3, 0)


def refused(address: object, now: datetime = NOW) -> str:
    with pytest.raises(ReplyAddressError) as error:
        ADDRESSES.case_of(address, now)
    return error.value.reason


def test_an_address_names_its_case_whatever_the_case_of_its_letters():
    address = ADDRESSES.for_case(42, NOW)
    assert address.startswith("reply+42.") and address.endswith("@replies.example.com")
    assert ADDRESSES.case_of(address, NOW) == 42
    assert ADDRESSES.case_of(f"<{address.upper()}>", NOW) == 42, "mail servers may change letter case"


def test_it_expires():
    address = ADDRESSES.for_case(42, NOW)
    assert ADDRESSES.case_of(address, NOW + timedelta(days=REPLY_DAYS) - timedelta(seconds=1)) == 42
    assert refused(address, NOW + timedelta(days=REPLY_DAYS, seconds=1)) == "expired"


def test_forged_and_altered_addresses_are_refused():
    address = ADDRESSES.for_case(42, NOW)
    _, expires, signature = address.split("@")[0].split("+")[1].split(".")
    assert refused(address.replace("reply+42.", "reply+43.")) == "forged", "another case"
    later = str(int(expires) + 86_400 * 365)
    assert refused(address.replace(f".{expires}.", f".{later}.")) == "forged", "a later expiry"
    assert refused(ReplyAddresses("another key", "replies.example.com").for_case(42, NOW)) == "forged"
    assert refused(address.replace(signature, "0" * 24)) == "forged"


@pytest.mark.parametrize("address", [
    None, 42, "", "care@replies.example.com", "reply+42@replies.example.com", "x" * 400,
    "reply+42.1800000000.0123456789abcdef01234567@other.example.com",
    "reply+42.1800000000.0123456789abcdef01234567@replies.example.com\r\nBcc: x@example.com",
    "reply+-1.1800000000.0123456789abcdef01234567@replies.example.com",
])
def test_anything_else_is_malformed(address):
    assert refused(address) == "malformed"
