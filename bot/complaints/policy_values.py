"""Reading one value of the policy file: amounts and whole numbers, with the key named on error.

Values only; which keys the policy has is `bot.complaints.policy`'s (and, per category, the registry's) job.
"""
from __future__ import annotations

from decimal import Decimal


class PolicyError(ValueError):
    """The policy file is missing a key or has a value of the wrong kind."""


def money(value: object, where: str) -> Decimal:
    """An amount with two decimals."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise PolicyError(f"{where}: expected an amount, got {value!r}")
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError as exc:
        raise PolicyError(f"{where}: expected an amount, got {value!r}") from exc


def whole_number(value: object, where: str, minimum: int = 1) -> int:
    """A whole number of at least `minimum`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise PolicyError(f"{where}: expected a whole number of at least {minimum}, got {value!r}")
    return value
