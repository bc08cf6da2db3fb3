"""The decision policy, loaded from the policy file into typed, validated objects.

Reading and checking `policy.yml` only; the rules that use it live in `decision`.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Mapping, Optional

import yaml

from bot import settings

CATEGORIES = ("delivery", "damaged", "defective", "wrong_item", "billing", "service")
REMEDIES = ("refund", "replacement", "voucher", "shipping_refund")


class PolicyError(ValueError):
    """The policy file is missing a key or has a value of the wrong kind."""


@dataclass(frozen=True)
class Gesture:
    remedy: str
    amount: Decimal


@dataclass(frozen=True)
class CategoryPolicy:
    remedies: tuple[str, ...]
    refund_cap_percent: Decimal
    refund_cap: Decimal
    voucher: Decimal
    gesture_when_explained: Optional[Gesture]


@dataclass(frozen=True)
class Policy:
    currency: str
    rates: Mapping[str, Decimal]
    window_days: int
    order_value_above: Decimal
    max_prior_complaints: int
    max_prior_goodwill: int
    max_wrong_emails_per_order: int
    max_wrong_emails_per_conversation: int
    max_fact_reiterations: int
    refund_working_days: int
    replacement_days: int
    retention_days: int
    legal_terms: Mapping[str, tuple[str, ...]]
    categories: Mapping[str, CategoryPolicy]


def _money(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise PolicyError(f"{where}: expected an amount, got {value!r}")
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"))
    except ArithmeticError as exc:
        raise PolicyError(f"{where}: expected an amount, got {value!r}") from exc


def _whole_number(value: object, where: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise PolicyError(f"{where}: expected a whole number of at least {minimum}, got {value!r}")
    return value


def _category(name: str, raw: Mapping) -> CategoryPolicy:
    where = f"categories.{name}"
    try:
        remedies = tuple(raw["remedies"])
        unknown = [r for r in remedies if r not in REMEDIES]
        if not remedies or unknown:
            raise PolicyError(f"{where}.remedies: unknown or empty {unknown or remedies}")
        gesture = raw["gesture_when_explained"]
        return CategoryPolicy(
            remedies=remedies,
            refund_cap_percent=_money(raw["refund_cap_percent"], f"{where}.refund_cap_percent"),
            refund_cap=_money(raw["refund_cap"], f"{where}.refund_cap"),
            voucher=_money(raw["voucher"], f"{where}.voucher"),
            gesture_when_explained=(
                Gesture(gesture["remedy"], _money(gesture["amount"], f"{where}.gesture_when_explained"))
                if gesture else None
            ),
        )
    except KeyError as exc:
        raise PolicyError(f"{where}: missing key {exc.args[0]}") from exc


def parse_policy(raw: Mapping) -> Policy:
    """Build a Policy from the policy file's mapping, naming the first bad key."""
    try:
        handoff, promises, privacy = raw["handoff"], raw["promises"], raw["privacy"]
        missing = [c for c in CATEGORIES if c not in raw["categories"]]
        if missing:
            raise PolicyError(f"categories: missing {', '.join(missing)}")
        return Policy(
            currency=str(raw["currency"]),
            rates={code: Decimal(str(rate)) for code, rate in raw["rates"].items()},
            window_days=int(raw["window_days"]),
            order_value_above=_money(handoff["order_value_above"], "handoff.order_value_above"),
            max_prior_complaints=int(handoff["max_prior_complaints"]),
            max_prior_goodwill=int(handoff["max_prior_goodwill"]),
            max_wrong_emails_per_order=_whole_number(handoff["max_wrong_emails_per_order"],
                                                     "handoff.max_wrong_emails_per_order"),
            max_wrong_emails_per_conversation=_whole_number(handoff["max_wrong_emails_per_conversation"],
                                                            "handoff.max_wrong_emails_per_conversation"),
            max_fact_reiterations=_whole_number(handoff["max_fact_reiterations"], "handoff.max_fact_reiterations",
                                                minimum=0),
            refund_working_days=_whole_number(promises["refund_working_days"], "promises.refund_working_days"),
            replacement_days=_whole_number(promises["replacement_days"], "promises.replacement_days"),
            retention_days=_whole_number(privacy["retention_days"], "privacy.retention_days",
                                         minimum=int(raw["window_days"])),
            legal_terms={lang: tuple(t.lower() for t in terms) for lang, terms in handoff["legal_terms"].items()},
            categories={name: _category(name, raw["categories"][name]) for name in CATEGORIES},
        )
    except KeyError as exc:
        raise PolicyError(f"missing key {exc.args[0]}") from exc


def load_policy(path: Path | None = None) -> Policy:
    """Read and validate the policy file (default: `BOT_POLICY_FILE` or `policy.yml`)."""
    path = path or settings.POLICY_FILE
    return parse_policy(yaml.safe_load(path.read_text(encoding="utf-8")))
