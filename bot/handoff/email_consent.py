"""A handed-off customer who proved no email, when nobody can answer in the chat, is asked whether
a person may answer by email too: writing an address agrees to it; "no" (or the button) declines;
anything else is asked once more, then taken as a no. Nothing is kept without the address written.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from bot.orders.lookup import parse_email

ASKS = 2  # how many times the question is put before an answer without an address counts as a no
LONGEST_ADDRESS = 254  # RFC 5321's limit on a path; anything longer is no address to write to
DECLINED = "declined"  # the answer kept (in the form's slot) when the customer said no


@dataclass(frozen=True)
class ConsentAnswer:
    """`email`: the address the customer agreed to be answered at; `declined`: a no (said, or the
    question put ASKS times without an address); neither: ask again."""

    email: Optional[str] = None
    declined: bool = False


def read_answer(text: str, intent: str, asked: int, own_domain: str) -> ConsentAnswer:
    """The customer's answer to the question put `asked` times so far (this answer included). An
    address at `own_domain` (where our reply addresses live) is no customer's: answering it would
    post a person's email back into the case as the customer's words."""
    email = parse_email(text)
    if email is not None and len(email) <= LONGEST_ADDRESS and not _ours(email, own_domain):
        return ConsentAnswer(email=email)
    return ConsentAnswer(declined=intent == "deny" or asked >= ASKS)


def _ours(email: str, own_domain: str) -> bool:
    domain = email.rsplit("@", 1)[1]
    return domain == own_domain or domain.endswith("." + own_domain)
