"""Finding and masking personal data in customers' text: emails, card numbers (Luhn-checked),
IBANs (checksum-checked), Spanish DNI and NIE numbers (check letter), phone numbers.

Finds and masks only; it never stores or sends anything. What a complaint needs stays readable:
order references (ORD-10001), case references, amounts and dates.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

# Every pattern here runs on each customer message: each starts only at the beginning of a run of the
# characters it repeats, or repeats a bounded number of times, so its cost grows linearly with the text.
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")
# IBANs as banks print them: capitals and digits, in groups of four or run together.
_IBAN = re.compile(r"(?<![\w-])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![\w-])")
_CARD = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
_DNI = re.compile(r"(?<![\w-])(\d{8})[ -]?([A-Za-z])(?![\w-])")
_NIE = re.compile(r"(?<![\w-])([XYZxyz])[ -]?(\d{7})[ -]?([A-Za-z])(?![\w-])")
_PHONE = re.compile(r"(?<![\w.-])\+?\d[\d ()-]{7,18}\d(?![\w-])")
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


@dataclass(frozen=True)
class Span:
    """Personal data found at text[start:end], of a `kind` (email, iban, card, national_id, phone)."""

    start: int
    end: int
    kind: str
    replacement: str


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _luhn(number: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _iban_valid(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def _email(match: re.Match) -> Optional[str]:
    return f"{match.group(1)}***@{match.group(2)}"


def _iban(match: re.Match) -> Optional[str]:
    return f"[IBAN ••{match.group(0).replace(' ', '')[-4:]}]" if _iban_valid(match.group(0)) else None


def _card(match: re.Match) -> Optional[str]:
    digits = _digits(match.group(0))
    return f"[card ••{digits[-4:]}]" if _luhn(digits) else None


def _dni(match: re.Match) -> Optional[str]:
    return "[ID]" if _DNI_LETTERS[int(match.group(1)) % 23] == match.group(2).upper() else None


def _nie(match: re.Match) -> Optional[str]:
    number = "XYZ".index(match.group(1).upper()) * 10_000_000 + int(match.group(2))
    return "[ID]" if _DNI_LETTERS[number % 23] == match.group(3).upper() else None


def _phone(match: re.Match) -> Optional[str]:
    return "[phone]" if len(_digits(match.group(0))) >= 9 else None


# Checked in this order; a later pattern never masks inside an earlier one's find.
_FINDERS: tuple[tuple[str, re.Pattern, Callable[[re.Match], Optional[str]]], ...] = (
    ("email", _EMAIL, _email), ("iban", _IBAN, _iban), ("card", _CARD, _card),
    ("national_id", _DNI, _dni), ("national_id", _NIE, _nie), ("phone", _PHONE, _phone),
)


def _free(starts: list[int], found: list[Span], start: int, end: int) -> bool:
    """Whether [start, end) overlaps none of `found` (sorted by start, `starts` their starts)."""
    at = bisect.bisect_left(starts, start)
    return (at == 0 or found[at - 1].end <= start) and (at == len(found) or end <= found[at].start)


def find_personal_data(text: str) -> list[Span]:
    """The personal data in `text`, in order of position, without overlaps."""
    found: list[Span] = []
    starts: list[int] = []
    for kind, pattern, replace in _FINDERS:
        for match in pattern.finditer(text or ""):
            if not _free(starts, found, match.start(), match.end()):
                continue
            replacement = replace(match)
            if replacement is not None:
                at = bisect.bisect_left(starts, match.start())
                starts.insert(at, match.start())
                found.insert(at, Span(match.start(), match.end(), kind, replacement))
    return found


def mask_personal_data(text: str) -> str:
    """'ana@example.es, +34 600 111 222, 4111 1111 1111 1111' -> 'a***@example.es, [phone], [card ••1111]'."""
    text = text or ""
    pieces, last = [], 0
    for span in find_personal_data(text):
        pieces += [text[last:span.start], span.replacement]
        last = span.end
    return "".join(pieces) + text[last:]


def mask_nested(value: Any) -> Any:
    """`value` with every string in it masked, however deeply nested in lists and dicts."""
    if isinstance(value, str):
        return mask_personal_data(value)
    if isinstance(value, list):
        return [mask_nested(item) for item in value]
    if isinstance(value, dict):
        return {key: mask_nested(item) for key, item in value.items()}
    return value
