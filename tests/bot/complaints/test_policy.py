"""The policy file loads, and a broken one names its bad key."""
import dataclasses
from decimal import Decimal

import pytest
import yaml

from bot.complaints import categories
from bot.complaints import policy as policy_module
from bot.complaints.categories import CATEGORIES as CATEGORIES_ENTRIES
from bot.complaints.categories import NAMES as CATEGORIES
from bot.complaints.policy import PolicyError, load_policy, parse_policy
from bot.complaints.policy_values import whole_number
from bot.settings import policy_file


def test_committed_policy_loads(policy):
    assert set(policy.categories) == set(CATEGORIES)
    assert policy.order_value_above == Decimal("500.00")
    assert policy.categories["billing"].gesture_when_explained is None


@pytest.mark.parametrize("edit, message", [
    (lambda p: p["handoff"].pop("order_value_above"), "missing key order_value_above"),
    (lambda p: p["categories"].pop("billing"), "categories: missing billing"),
    (lambda p: p["categories"]["delivery"].update(remedies=["cash"]), "categories.delivery.remedies"),
    (lambda p: p["categories"]["delivery"].update(voucher="lots"), "categories.delivery.voucher"),
    (lambda p: p["handoff"].update(max_fact_reiterations=-1), "handoff.max_fact_reiterations"),
    (lambda p: p["handoff"].pop("max_fact_reiterations"), "missing key max_fact_reiterations"),
    (lambda p: p["categories"].update(late_refund=p["categories"]["billing"]), "late_refund not in the category"),
    (lambda p: p["categories"]["billing"].update(overdue_after_days=10), "categories.billing: unknown key"),
])
def test_broken_policy_names_the_problem(edit, message):
    raw = yaml.safe_load(policy_file().read_text())
    edit(raw)
    with pytest.raises(PolicyError, match=message):
        parse_policy(raw)


def test_policy_file_path_is_configurable(tmp_path):
    raw = yaml.safe_load(policy_file().read_text())
    raw["handoff"]["order_value_above"] = 100
    path = tmp_path / "policy.yml"
    path.write_text(yaml.safe_dump(raw))
    assert load_policy(path).order_value_above == Decimal("100.00")


def test_a_category_s_own_keys_are_required_and_read(monkeypatch):
    billing = categories.category("billing")
    with_key = dataclasses.replace(billing, policy_keys={"overdue_after_days": whole_number})
    monkeypatch.setattr(policy_module, "CATEGORIES", tuple(with_key if c is billing else c for c in CATEGORIES_ENTRIES))
    raw = yaml.safe_load(policy_file().read_text())
    with pytest.raises(PolicyError, match="categories.billing: missing key overdue_after_days"):
        parse_policy(raw)
    raw["categories"]["billing"]["overdue_after_days"] = "soon"
    with pytest.raises(PolicyError, match="categories.billing.overdue_after_days: expected a whole number"):
        parse_policy(raw)
    raw["categories"]["billing"]["overdue_after_days"] = 10
    assert parse_policy(raw).categories["billing"].settings == {"overdue_after_days": 10}
