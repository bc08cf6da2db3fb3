"""An address a handed-off customer typed may be anyone's: before a person's answer goes there, a code
is mailed to it (fixed wording, nothing the customer wrote) and the customer types it back in the
chat; only then does their consent stand (bot.handoff.email_consent, bot.handoff.email_follow_up).
One code per address per case, a few per case, and a few per address a day, so that the
confirmation itself cannot be used to write to strangers.

Rules and the letter only; the chat's questions are the actions', the sending the postbox's.
"""
from __future__ import annotations

import hmac
import re
import secrets
from datetime import datetime, timedelta
from enum import Enum
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.handoff.email_follow_up import consent_to_email
from bot.mail.letters import confirmation_code
from bot.mail.postbox import Postbox
from bot.privacy.email_vault import email_digest, keyed_digest, seal, unseal
from bot.store.models import Case

CODE_DIGITS = 6
CODE_TRIES = 3  # wrong codes typed before the code is spent
CODE_MINUTES = 30  # how long a code stands
CODES_PER_CASE = 2
CODES_PER_ADDRESS_PER_DAY = 3
_TYPED_CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


class Confirmation(str, Enum):
    CONFIRMED = "confirmed"  # the consent stands; a person's answer may go to the address
    WRONG = "wrong"  # ask again
    SPENT = "spent"  # no code stands (expired, too many tries, never sent): the answer waits in the chat


def _code_digest(case: Case, code: str) -> str:
    return keyed_digest(f"follow-up code:{case.id}:{code}")


def request_code(session: Session, case: Case, email: str, now: datetime) -> Optional[str]:
    """A new code for `email` on `case`, recorded (sealed, digested) before it is sent; None when
    this address already has one on the case, or the case's or the address's quota is used."""
    digest = email_digest(email)
    if case.follow_up_pending_digest == digest or (case.follow_up_codes_sent or 0) >= CODES_PER_CASE:
        return None
    sent_today = session.execute(select(func.count(Case.id)).where(
        Case.follow_up_pending_digest == digest, Case.follow_up_code_sent_at >= now - timedelta(days=1))).scalar_one()
    if sent_today >= CODES_PER_ADDRESS_PER_DAY:
        return None
    code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
    case.follow_up_pending_sealed, case.follow_up_pending_digest = seal(email), digest
    case.follow_up_code_digest, case.follow_up_code_sent_at = _code_digest(case, code), now
    case.follow_up_code_tries, case.follow_up_codes_sent = 0, (case.follow_up_codes_sent or 0) + 1
    return code


def send_code(postbox: Postbox, sender: str, case: Case, code: str, language: str) -> None:
    """Mail the code to the case's pending address (MailError when the server does not take it)."""
    postbox.send(confirmation_code(code=code, language=language, to=unseal(case.follow_up_pending_sealed),
                                   sender=sender))


def confirm_code(session: Session, case: Case, typed: str, now: datetime) -> Confirmation:
    """The customer typed `typed` back: the right code within its time makes the pending address the
    one they agreed to be answered at (consent and promise recorded)."""
    if not case.follow_up_code_digest or now - case.follow_up_code_sent_at > timedelta(minutes=CODE_MINUTES):
        return Confirmation.SPENT
    found = _TYPED_CODE.search(typed or "")
    case.follow_up_code_tries = (case.follow_up_code_tries or 0) + 1
    if found and hmac.compare_digest(_code_digest(case, found.group()), case.follow_up_code_digest):
        email = unseal(case.follow_up_pending_sealed)
        case.follow_up_code_digest = case.follow_up_pending_sealed = None
        consent_to_email(session, case, email, now)
        return Confirmation.CONFIRMED
    if case.follow_up_code_tries >= CODE_TRIES:
        case.follow_up_code_digest = None
        return Confirmation.SPENT
    return Confirmation.WRONG


def unconfirmed_since(case: Case) -> Optional[datetime]:
    """When a code went to an address the customer has not confirmed yet (the console says so)."""
    return case.follow_up_code_sent_at if case.follow_up_pending_sealed else None
