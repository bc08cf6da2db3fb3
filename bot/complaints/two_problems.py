"""A complaint that names two problems at once ("it came late AND you charged me twice"): the
model reads a message as one intent, so the second problem is looked for clause by clause.

Pure: the caller passes how a piece of text is read (in the product, Rasa's own model).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Optional

from bot.complaints.categories import category_of

# Where one statement ends and another may start: a sentence end, or a joining word between two
# clauses ("…late and you charged me twice", "…tarde y además me cobrasteis dos veces").
_JOINER = (r"(?:and also|and then|and|also|plus|on top of that|as well as|"
           r"y además|y encima|y también|además|encima|y)")
# Bounded runs before the joiner: `\s*,?\s+` tried at every space of a long run was cubic.
_CLAUSE_BREAK = re.compile(rf"[.;!?]+\s+(?:{_JOINER},?\s+)?|\s{{0,5}},?\s{{1,5}}{_JOINER}\s+", re.IGNORECASE)
# A clause that only says what was ordered or bought is the story's start, not a problem, even
# when the model hears a complaint in it ("I ordered a blue mug and it arrived broken").
_CONTEXT = re.compile(r"(?:(?:i|we)\s+(?:ordered|bought|purchased)|(?:yo\s+)?(?:ped[ií]|compr[eé]|encargu[eé])|"
                      r"hice un pedido)\b", re.IGNORECASE)
MIN_CLAUSE_WORDS = 3
# A clause must be read as a complaint with at least this confidence to count as a problem of its
# own: a clause like "I ordered a lamp" must not become a second complaint.
MIN_CONFIDENCE = 0.6

Reader = Callable[[str], "tuple[str, float]"]


@dataclass(frozen=True)
class Problem:
    """One problem: its category and the customer's words for it."""

    category: str
    details: str


def clauses(text: str) -> list[str]:
    """The message's statements long enough to be read on their own, story openings left out."""
    parts = (part.strip(" ,") for part in _CLAUSE_BREAK.split(text or ""))
    return [part for part in parts if len(part.split()) >= MIN_CLAUSE_WORDS and not _CONTEXT.match(part)]


def second_problem(text: str, first_category: Optional[str], read: Reader) -> Optional[Problem]:
    """The first problem in `text` of another category than `first_category`, read clause by
    clause; None when the message names one problem only."""
    pieces = clauses(text)
    if len(pieces) < 2:
        return None
    for piece in pieces:
        intent, confidence = read(piece)
        category = category_of(intent)
        if category and category != first_category and confidence >= MIN_CONFIDENCE:
            return Problem(category, piece)
    return None
