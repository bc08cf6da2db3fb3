"""The lemma a word contributes to the intent features: spaCy's lookup table, made robust to
customers who type without accents and, in Spanish, to pronouns written onto a verb.

Feature normalisation only: it never changes the text the bot stores, shows or answers with.
"""
from __future__ import annotations

import unicodedata
from typing import Optional, Protocol

# Spanish object pronouns written onto an imperative, infinitive or gerund: "cancélalo",
# "devuélvanmelo", "enviármelo". Longest first, so "los" is tried before "lo".
_ENCLITICS = ("nos", "los", "las", "les", "me", "te", "se", "lo", "la", "le")
_INFINITIVE_ENDINGS = ("ar", "er", "ir")
_SHORTEST_STEM = 3
_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}
# Combining marks folded away: acute, grave, diaeresis, circumflex. The tilde stays, so "año"
# and "ano" remain different words.
_FOLDED_MARKS = {"\u0301", "\u0300", "\u0308", "\u0302"}


class LemmaTable(Protocol):
    def get(self, key: str, default: Optional[str] = None) -> Optional[str]: ...


def fold_accents(word: str) -> str:
    """`word` without acute, grave, diaeresis or circumflex accents ("envío" -> "envio")."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _FOLDED_MARKS))


def accented_spellings(word: str) -> list[str]:
    """`word` with an acute accent on one of its vowels, last vowel first ("devolucion" ->
    "devolución", "devolucíon", …): Spanish writes at most one, most often near the end."""
    return [word[:i] + _ACUTE[word[i]] + word[i + 1:] for i in reversed(range(len(word))) if word[i] in _ACUTE]


class Lemmatizer:
    """Accent-folded lemmas from one language's lookup table (spaCy's, keyed by lower-case word).

    A Spanish word the table lacks is tried with its accent restored ("devolucion"), then
    without one or two pronouns on its end ("cancelalo" -> "cancela" -> "cancelar"). Lemmas are
    always folded, so "envío" and "envio" give the customer and the training data one feature.
    """

    def __init__(self, table: LemmaTable, language: str) -> None:
        self._table = table
        self._spanish = language == "es"

    def _lookup(self, word: str) -> Optional[str]:
        found = self._table.get(word)
        if found or not self._spanish:
            return found
        bare = fold_accents(word)
        return self._table.get(bare) or next(
            (lemma for spelling in accented_spellings(bare) if (lemma := self._table.get(spelling))), None)

    def _without_enclitics(self, word: str, depth: int = 2) -> Optional[str]:
        for pronoun in _ENCLITICS:
            stem = word[: -len(pronoun)]
            if word.endswith(pronoun) and len(stem) >= _SHORTEST_STEM:
                bare = fold_accents(stem)
                if bare.endswith(_INFINITIVE_ENDINGS):  # "cobrarme", "enviármelo": the table lacks infinitives
                    return bare
                lemma = self._lookup(stem) or (self._without_enclitics(stem, depth - 1) if depth > 1 else None)
                # Pronouns attach only to verbs: a stem whose lemma is no infinitive was a coincidence.
                if lemma and fold_accents(lemma).endswith(_INFINITIVE_ENDINGS):
                    return lemma
        return None

    def lemma(self, word: str) -> str:
        """The folded lemma of a lower-case `word`; the folded word itself when nothing fits."""
        lemma = self._lookup(word) or (self._without_enclitics(word) if self._spanish else None) or word
        return fold_accents(lemma)
