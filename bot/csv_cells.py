"""CSV that a spreadsheet opens as data, never as formulas: every CSV the project writes goes
through here. Escapes cells only; what goes into a file is the caller's choice.
"""
from __future__ import annotations

import csv
from decimal import Decimal
from typing import Any, Iterable, TextIO

# OWASP's list: a spreadsheet reads a cell starting with one of these as a formula (or DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A text cell starting like a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, (int, float, Decimal)) or value is None:
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeCsvWriter:
    """csv.writer with every cell quoted and neutralised."""

    def __init__(self, stream: TextIO) -> None:
        self._writer = csv.writer(stream, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])
