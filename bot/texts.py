"""A text the bot says, in every language it speaks: one value, both languages, checked by construction.

Holds wording only; which text to say is decided by its callers.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Texts:
    """The same words in English and Spanish."""

    en: str
    es: str

    def of(self, language: str) -> str:
        """The text in `language` (Spanish for "es", English otherwise)."""
        return self.es if language == "es" else self.en
