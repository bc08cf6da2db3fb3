"""The policy file loads, and a broken one names its bad key."""
from decimal import Decimal

import pytest
import yaml

from bot.policy import CATEGORIES, PolicyError, load_policy, parse_policy
from bot.settings import POLICY_FILE


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
])
def test_broken_policy_names_the_problem(edit, message):
    raw = yaml.safe_load(POLICY_FILE.read_text())
    edit(raw)
    with pytest.raises(PolicyError, match=message):
        parse_policy(raw)


def test_policy_file_path_is_configurable(tmp_path):
    raw = yaml.safe_load(POLICY_FILE.read_text())
    raw["handoff"]["order_value_above"] = 100
    path = tmp_path / "policy.yml"
    path.write_text(yaml.safe_dump(raw))
    assert load_policy(path).order_value_above == Decimal("100.00")
