"""Customer satisfaction: asked once when a case ends, a 1-5 rating and an optional comment,
kept with the case together with who resolved it (the bot or a person).

Reads and writes a case's satisfaction columns only; the questions' words live in domain.yml
and the figures in bot/console/figures.py.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Optional

from bot.privacy.pii import mask_personal_data
from bot.store.models import Case

RATINGS = (1, 2, 3, 4, 5)
MAX_COMMENT_CHARS = 1000


class ResolvedBy:
    """Who resolved a rated case, as stored in `Case.csat_resolved_by`."""

    BOT = "bot"
    AGENT = "agent"
    ALL = (BOT, AGENT)


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4,
          "cinco": 5}
_OUT_OF_FIVE = re.compile(r"\s{0,5}(?:/|out of|de|sobre)\s{0,5}(?:5|five|cinco)\b")  # bounded: linear
_NUMBER = re.compile(r"(?<![\w.,/-])\d+(?:[.,]\d+)?(?![\w/])")
_STARS = re.compile(r"^[\s★⭐☆]+$")
_ONE_STAR_ES = re.compile(r"\buna estrella\b")  # "una" alone is the article, not a number


def parse_rating(text: object) -> Optional[int]:
    """The 1-5 rating in a button's value or a typed answer ("4", "4/5", "four stars", "un 5",
    "★★★★"); None when there is none, more than one, or a number off the scale ("10/10")."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text if text in RATINGS else None
    if not isinstance(text, str) or len(text) > 200:
        return None
    if _STARS.match(text):
        stars = text.count("★") + text.count("⭐")
        return stars if stars in RATINGS else None
    words = _ONE_STAR_ES.sub("1 estrella", _OUT_OF_FIVE.sub("", text.lower()))
    found = [number for number in _NUMBER.findall(words)]
    found += [str(_WORDS[word]) for word in re.findall(r"[a-záéíóú]+", words) if word in _WORDS]
    if len(set(found)) != 1 or found[0] not in {str(r) for r in RATINGS}:
        return None
    return int(found[0])


def ask_for_rating(case: Case, resolved_by: str, now: datetime) -> bool:
    """Mark the case as asked for its rating; False when it was asked before (a case is asked once)."""
    if resolved_by not in ResolvedBy.ALL:
        raise ValueError(f"unknown resolver {resolved_by!r}")
    if case.csat_asked_at is not None:
        return False
    case.csat_asked_at, case.csat_resolved_by = now, resolved_by
    return True


def record_rating(case: Case, rating: int, now: datetime) -> None:
    """Keep the customer's rating (the last one given counts)."""
    if rating not in RATINGS:
        raise ValueError(f"a rating is 1 to 5, not {rating!r}")
    if case.csat_asked_at is None:
        raise ValueError(f"{case.reference} was not asked for a rating")
    case.csat_rating, case.csat_rated_at = rating, now


def record_comment(case: Case, text: str) -> bool:
    """Keep the customer's comment on a rated case, masked and cut to size; False when there is
    nothing to keep (no rating yet, or an empty comment)."""
    comment = " ".join((text or "").split())[:MAX_COMMENT_CHARS]
    if case.csat_rating is None or not comment:
        return False
    case.csat_comment = mask_personal_data(comment)
    return True
