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
from bot.complaints.categories import CATEGORIES, Category
from bot.complaints.category_policy import REMEDIES, CategoryPolicy, Gesture
from bot.complaints.policy_values import PolicyError, money, whole_number
from bot.handoff.office_hours import OfficeHours, parse_office_hours

_CATEGORY_KEYS = ("remedies", "refund_cap_percent", "refund_cap", "voucher", "gesture_when_explained")

__all__ = ["Policy", "PolicyError", "load_policy", "parse_policy"]


@dataclass(frozen=True, kw_only=True)
class Policy:
    currency: str
    rates: Mapping[str, Decimal]
    window_days: int
    order_value_above: Decimal
    max_prior_complaints: int
    max_prior_goodwill: int
    max_wrong_emails_per_order: int
    max_wrong_emails_per_conversation: int
    max_wrong_emails_per_client: int
    wrong_email_window_minutes: int
    max_fact_reiterations: int
    refund_working_days: int
    replacement_days: int
    retention_days: int
    legal_terms: Mapping[str, tuple[str, ...]]
    categories: Mapping[str, CategoryPolicy]
    office_hours: Optional[OfficeHours] = None  # None: people are always there


def _category(entry: Category, raw: Mapping) -> CategoryPolicy:
    where = f"categories.{entry.name}"
    unknown = sorted(set(raw) - set(_CATEGORY_KEYS) - set(entry.policy_keys))
    if unknown:
        raise PolicyError(f"{where}: unknown key {unknown[0]} "
                          "(a category's own keys are listed in bot/complaints/categories.py)")
    try:
        remedies = tuple(raw["remedies"])
        unknown = [r for r in remedies if r not in REMEDIES]
        if not remedies or unknown:
            raise PolicyError(f"{where}.remedies: unknown or empty {unknown or remedies}")
        gesture = raw["gesture_when_explained"]
        return CategoryPolicy(
            remedies=remedies,
            refund_cap_percent=money(raw["refund_cap_percent"], f"{where}.refund_cap_percent"),
            refund_cap=money(raw["refund_cap"], f"{where}.refund_cap"),
            voucher=money(raw["voucher"], f"{where}.voucher"),
            gesture_when_explained=(
                Gesture(gesture["remedy"], money(gesture["amount"], f"{where}.gesture_when_explained"))
                if gesture else None
            ),
            settings={key: read(raw[key], f"{where}.{key}") for key, read in entry.policy_keys.items()},
        )
    except KeyError as exc:
        raise PolicyError(f"{where}: missing key {exc.args[0]}") from exc


def parse_policy(raw: Mapping) -> Policy:
    """Build a Policy from the policy file's mapping, naming the first bad key."""
    try:
        handoff, promises, privacy = raw["handoff"], raw["promises"], raw["privacy"]
        missing = [c.name for c in CATEGORIES if c.name not in raw["categories"]]
        if missing:
            raise PolicyError(f"categories: missing {', '.join(missing)}")
        extra = sorted(set(raw["categories"]) - {c.name for c in CATEGORIES})
        if extra:
            raise PolicyError(f"categories: {', '.join(extra)} not in the category registry "
                              "(bot/complaints/categories.py)")
        return Policy(
            currency=str(raw["currency"]),
            rates={code: Decimal(str(rate)) for code, rate in raw["rates"].items()},
            window_days=int(raw["window_days"]),
            order_value_above=money(handoff["order_value_above"], "handoff.order_value_above"),
            max_prior_complaints=int(handoff["max_prior_complaints"]),
            max_prior_goodwill=int(handoff["max_prior_goodwill"]),
            max_wrong_emails_per_order=whole_number(handoff["max_wrong_emails_per_order"],
                                                     "handoff.max_wrong_emails_per_order"),
            max_wrong_emails_per_conversation=whole_number(handoff["max_wrong_emails_per_conversation"],
                                                            "handoff.max_wrong_emails_per_conversation"),
            max_wrong_emails_per_client=whole_number(handoff["max_wrong_emails_per_client"],
                                                      "handoff.max_wrong_emails_per_client"),
            wrong_email_window_minutes=whole_number(handoff["wrong_email_window_minutes"],
                                                     "handoff.wrong_email_window_minutes"),
            max_fact_reiterations=whole_number(handoff["max_fact_reiterations"], "handoff.max_fact_reiterations",
                                                minimum=0),
            refund_working_days=whole_number(promises["refund_working_days"], "promises.refund_working_days"),
            replacement_days=whole_number(promises["replacement_days"], "promises.replacement_days"),
            retention_days=whole_number(privacy["retention_days"], "privacy.retention_days",
                                         minimum=int(raw["window_days"])),
            legal_terms={lang: tuple(t.lower() for t in terms) for lang, terms in handoff["legal_terms"].items()},
            categories={c.name: _category(c, raw["categories"][c.name]) for c in CATEGORIES},
            office_hours=parse_office_hours(raw.get("office_hours")),
        )
    except KeyError as exc:
        raise PolicyError(f"missing key {exc.args[0]}") from exc


def load_policy(path: Path | None = None) -> Policy:
    """Read and validate the policy file (default: `BOT_POLICY_FILE` or `policy.yml`)."""
    path = path or settings.policy_file()
    return parse_policy(yaml.safe_load(path.read_text(encoding="utf-8")))
