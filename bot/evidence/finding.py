"""What an evidence check found: the common result every check returns.

A value object only; the checks that make findings are the sibling modules.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Verdict = Literal["supports", "contradicts", "unclear", "neutral"]


@dataclass(frozen=True)
class Finding:
    """One fact from the records and what it means for the customer's claim.

    `verdict`: the fact supports the customer, contradicts them, leaves it unclear, or is
    neutral (context only). `certified` means the record is one the company can stand behind
    (carrier proof, ledger, warehouse scan, technician's report). `fact` is a stable code the
    replies and the review pages render; `details` are its JSON-ready values.
    """

    check: str
    verdict: Verdict
    fact: str
    certified: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "Finding":
        return cls(**raw)
