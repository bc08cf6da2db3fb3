"""Which language a customer's message is in, and whether it should switch the conversation.

Pure decision logic over lingua's scores; it does not know about Rasa or the tracker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from lingua import Language, LanguageDetectorBuilder

SUPPORTED = ("en", "es")
DEFAULT_LANGUAGE = "en"

_LINGUA = {Language.ENGLISH: "en", Language.SPANISH: "es"}
# Order references, emails, numbers and anything without letters say nothing about the language.
# Each alternative starts only where its run starts, so the cost stays linear in the message length.
_NOISE = re.compile(r"(?<!\S)\S+@\S+|\b[A-Za-z]{1,4}[-#]?\d+\b|\d[\d.,:/-]*|https?://\S+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Short words lingua scores poorly ("hello" comes out Spanish) but that only one language uses.
_SHORT_WORDS = {
    "en": {"hello", "hi", "hey", "thanks", "thank", "yes", "yeah", "yep", "nope", "bye",
           "goodbye", "please", "sure", "cheers", "agent", "human", "refund", "help"},
    "es": {"hola", "buenas", "buenos", "gracias", "sí", "vale", "adiós", "adios", "claro",
           "porfa", "chao", "chau", "dale", "perfecto", "bueno", "ayuda", "reembolso", "oye"},
}

# Confidence lingua must reach before a message may switch the conversation's language.
_THRESHOLD_BY_WORDS = {1: 0.95, 2: 0.9}
_THRESHOLD_LONG = 0.7


@dataclass(frozen=True)
class Detection:
    """`language` is set only when the message is clear enough to switch the conversation;
    `likely` is the best guess, always set, used to pick a tokenizer."""

    language: Optional[str]
    likely: str
    confidence: float


@lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(*_LINGUA).build()


def words_of(text: str) -> list[str]:
    """The words that carry language: no references, emails, numbers or symbols."""
    return _WORD.findall(_NOISE.sub(" ", text or "").lower())


@lru_cache(maxsize=4096)
def detect(text: str) -> Detection:
    """Detect the language of one message, confident or not (cached: the tokenizer asks again)."""
    words = words_of(text)
    if not words:
        return Detection(None, DEFAULT_LANGUAGE, 0.0)
    if len(words) <= 2:
        marked = {lang for lang, lexicon in _SHORT_WORDS.items() if any(w in lexicon for w in words)}
        if len(marked) == 1:
            lang = marked.pop()
            return Detection(lang, lang, 1.0)
    values = _detector().compute_language_confidence_values(" ".join(words))
    best = values[0]
    likely = _LINGUA[best.language]
    threshold = _THRESHOLD_BY_WORDS.get(len(words), _THRESHOLD_LONG)
    confident = likely if best.value >= threshold else None
    return Detection(confident, likely, best.value)


# A customer asking for a language by name ("English please", "¿podemos hablar en español?"),
# matched on lower-cased text: a verb of speaking or preferring shortly before the name, the name
# with "please", or the name alone. "The manual was in English" asks for nothing. Bounded: it runs
# on every message. (Braces are doubled: the patterns are templates filled with each language's names.)
_LANGUAGE_NAMES = {"en": r"english|ingl[eé]s", "es": r"spanish|espa[nñ]ol|castellano"}
_ASKING = (r"speak|talk|continue|carry on|reply|answer|write|switch|use|do (?:this|it)|prefer|rather|easier|"
           r"comfortable|h[aá]bl\w{{0,6}}|segu\w{{0,5}}|sig\w{{0,4}}|continu\w{{0,5}}|cont[eé]st\w{{0,6}}|"
           r"resp[oó]nd\w{{0,6}}|escr[ií]b\w{{0,6}}|cambi\w{{0,5}}|prefier\w{{0,3}}|mejor|idioma|f[aá]cil|c[oó]modo|aclaro|"
           r"say|tell|explain|dec\w{{0,4}}|d[ií]me|expl[ií]c\w{{0,6}}")
_REQUEST = (r"\b(?:" + _ASKING + r")\b[^.!?\n]{{0,25}}\b(?:{names})\b"  # "continue in English"
            r"|\b(?:{names})\s{{0,3}},?\s{{0,3}}(?:please|pls|por favor|porfa)\b"  # "English, please"
            r"|\b(?:{names})\b[^.!?\n]{{0,12}}\b(?:easier|better|mejor)\b"  # "Spanish would be better"
            r"|^\W{{0,3}}(?:(?:in|en) )?(?:{names})\W{{0,3}}$")  # "English?" alone
_REQUESTS = {language: re.compile(_REQUEST.format(names=names)) for language, names in _LANGUAGE_NAMES.items()}


def requested_language(text: str) -> Optional[str]:
    """The language a message asks for by name, or None (also when it names both)."""
    lowered = (text or "").lower()[:2000]
    asked = [language for language, pattern in _REQUESTS.items() if pattern.search(lowered)]
    return asked[0] if len(asked) == 1 else None


def conversation_language(text: str, pinned: Optional[str] = None) -> Optional[str]:
    """The language this message sets for the conversation, or None to keep the current one.

    A language asked for by name wins ("can we continue in English?" written in Spanish); then a
    confident message (a customer who writes in the other language is answered in it); otherwise
    the language the page pinned through metadata, if any.
    """
    asked = requested_language(text)
    if asked:
        return asked
    detected = detect(text).language
    if detected:
        return detected
    return pinned if pinned in SUPPORTED else None
