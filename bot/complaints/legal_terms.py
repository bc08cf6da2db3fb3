"""Spotting legal threats in customer messages, with the word lists from the policy file.

Whole-word, case- and accent-insensitive matching only; what follows is the decision's job.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Mapping


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def mentions_legal_threat(texts: Iterable[str], legal_terms: Mapping[str, Iterable[str]]) -> bool:
    """True when any message names one of the policy's legal terms, in either language."""
    terms = {_fold(t) for words in legal_terms.values() for t in words}
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\b")
    return any(pattern.search(_fold(text or "")) for text in texts)
