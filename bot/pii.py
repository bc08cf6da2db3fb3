"""Masking personal data (emails, phone and card numbers) in text meant for logs and reviews.

Masks only; it never stores or sends anything.
"""
from __future__ import annotations

import re

# Every pattern here runs on each customer message: each starts only at the beginning of a run of the
# characters it repeats, or repeats a bounded number of times, so its cost grows linearly with the text.
_EMAIL = re.compile(r"(?<![\w.+-])([\w.+-])[\w.+-]*@([\w-]+(?:\.[\w-]+)+)")
_CARD = re.compile(r"\b(?:\d[ -]?){12,15}(\d{4})\b")
_PHONE = re.compile(r"(?<![\w-])\+?\d[\d ()-]{7,18}\d(?![\w-])")


def mask_personal_data(text: str) -> str:
    """'ana@example.es, +34 600 111 222, 4111 1111 1111 1234' -> 'a***@example.es, [phone], [card ••1234]'."""
    text = _EMAIL.sub(lambda m: f"{m.group(1)}***@{m.group(2)}", text or "")
    text = _CARD.sub(lambda m: f"[card ••{m.group(1)}]", text)
    return _PHONE.sub("[phone]", text)
