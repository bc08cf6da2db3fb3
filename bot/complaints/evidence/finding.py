"""What an evidence check found: the common result every check returns.

A value object only; the checks that make findings are the sibling modules.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, Literal, Optional

Verdict = Literal["supports", "contradicts", "unclear", "neutral"]


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One fact from the records and what it means for the customer's claim.

    `verdict`: the fact supports the customer, contradicts them, leaves it unclear, or is
    neutral (context only). `certified` means the record is one the company can stand behind
    (carrier proof, ledger, warehouse scan, technician's report). `fact` is a stable code the
    replies and the review pages render; `details` are its JSON-ready values. `refund_due`,
    when set, is what the records show the company owes (a refund is capped at it).
    """

    check: str
    verdict: Verdict
    fact: str
    certified: bool = False
    details: dict[str, Any] = field(default_factory=dict)
    refund_due: Optional[Decimal] = None

    def to_dict(self) -> dict[str, Any]:
        raw = asdict(self)
        raw["refund_due"] = None if self.refund_due is None else str(self.refund_due)
        return raw

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "Finding":
        due = raw.get("refund_due")
        return cls(**{**raw, "refund_due": None if due is None else Decimal(due)})
