"""An address a customer typed is confirmed by a code mailed to it before anything else goes there:
one code per address per case, a few per case and per address a day; a code expires, and a few wrong
tries spend it; the letter carries nothing anyone wrote."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.handoff.address_confirmation import (
    CODE_MINUTES,
    CODE_TRIES,
    CODES_PER_ADDRESS_PER_DAY,
    Confirmation,
    confirm_code,
    request_code,
    unconfirmed_since,
)
from bot.handoff.email_follow_up import answer_address
from bot.mail.letters import confirmation_code
from bot.store import session_scope
from bot.store.models import Case

NOW = datetime(2026, 12, 1, 20, 0)


@pytest.fixture
def new_case(store):
    def make(session, conversation: str = "c-code") -> Case:
        case = Case(conversation_id=conversation, language="en", status="queued", evidence=[], reasons=[])
        session.add(case)
        session.flush()
        return case
    return make


def test_the_right_code_confirms_the_address_and_nothing_goes_there_before(store, new_case):
    with session_scope(store) as session:
        case = new_case(session)
        code = request_code(session, case, "alice@example.com", NOW)
        assert code and len(code) == 6 and code not in (case.follow_up_code_digest or "")
        assert answer_address(session, case) is None and unconfirmed_since(case) == NOW, "unconfirmed: nothing sent"
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        assert confirm_code(session, case, wrong, NOW) is Confirmation.WRONG
        assert confirm_code(session, case, f"the code is {code}.", NOW + timedelta(minutes=1)) is Confirmation.CONFIRMED
        address = answer_address(session, case)
        assert address.email == "alice@example.com" and not address.proven and unconfirmed_since(case) is None
        assert case.email_promised_at is not None


def test_a_code_is_spent_by_time_or_by_wrong_tries(store, new_case):
    with session_scope(store) as session:
        late = new_case(session, "c-late")
        code = request_code(session, late, "bob@example.com", NOW)
        assert confirm_code(session, late, code, NOW + timedelta(minutes=CODE_MINUTES + 1)) is Confirmation.SPENT
        guessed = new_case(session, "c-guessed")
        code = request_code(session, guessed, "carol@example.com", NOW)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        results = [confirm_code(session, guessed, wrong, NOW) for _ in range(CODE_TRIES)]
        assert results == [Confirmation.WRONG] * (CODE_TRIES - 1) + [Confirmation.SPENT]
        assert confirm_code(session, guessed, code, NOW) is Confirmation.SPENT, "not even the right one after"
        assert answer_address(session, guessed) is None


def test_codes_are_rationed_so_the_confirmation_cannot_spam(store, new_case):
    with session_scope(store) as session:
        case = new_case(session)
        assert request_code(session, case, "dave@example.com", NOW)
        assert request_code(session, case, "Dave@Example.com", NOW) is None, "one code per address per case"
        assert request_code(session, case, "erin@example.com", NOW)
        assert request_code(session, case, "frank@example.com", NOW) is None, "two codes per case"
        sent = [request_code(session, new_case(session, f"c-{n}"), "grace@example.com", NOW)
                for n in range(CODES_PER_ADDRESS_PER_DAY + 1)]
        assert all(sent[:-1]) and sent[-1] is None, "a few codes per address a day"
        tomorrow = NOW + timedelta(days=1, minutes=1)
        assert request_code(session, new_case(session, "c-tomorrow"), "grace@example.com", tomorrow)


@pytest.mark.parametrize("language, words", [("en", "type this code in the chat"), ("es", "escribe este código")])
def test_the_letter_is_fixed_wording_around_the_code(language, words):
    letter = confirmation_code(code="042917", language=language, to="alice@example.com", sender="care@shop.example")
    body = letter.get_content()
    assert "042917" in body and words in body and letter["To"] == "alice@example.com"
