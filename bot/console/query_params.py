"""Query-string values as the console reads them: a value out of range or malformed is treated as
absent, never as a server error. Parsing only.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Optional

# Dates outside this range mean nothing here, and near date.min/date.max arithmetic overflows.
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)
# Amounts larger than this are no goodwill anyone grants; SQL numerics overflow far above it.
LARGEST_AMOUNT = Decimal(10) ** 9
# Larger counts (pages, event ids) overflow SQL integers.
LARGEST_NUMBER = 2 ** 62


def parse_date(value: Optional[str]) -> Optional[date]:
    """'2026-11-01' -> date; None when empty, malformed or out of range."""
    try:
        parsed = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return parsed if parsed and EARLIEST <= parsed <= LATEST else None


def parse_amount(value: Optional[str]) -> Optional[Decimal]:
    """'12.50' -> Decimal; None for anything else (NaN, infinity, '1e999', words)."""
    try:
        amount = Decimal(value) if value else None
    except (InvalidOperation, ValueError):
        return None
    return amount if amount is not None and amount.is_finite() and abs(amount) < LARGEST_AMOUNT else None


def parse_whole_number(value: Optional[str], default: int, minimum: int = 0) -> int:
    """A plain whole number within [minimum, 2**62]; `default` for anything else ('1e30', '-', '')."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > 19:
        return default
    number = int(value)
    return number if minimum <= number <= LARGEST_NUMBER else default
