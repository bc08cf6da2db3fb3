"""Policy what-if on a seeded history whose change under a proposed policy is known by hand:
the value threshold lowered to 65 EUR and the delivery gesture raised from 5 to 8 EUR."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from decimal import Decimal

import yaml

from bot.complaints.cases import conversation_case
from bot.complaints.category_policy import Gesture
from bot.complaints.complaint import assess, hand_off
from bot.complaints.decision import Flags, Reason
from bot.insight.whatif import past_cases, replay
from bot.orders.identity import Identity, give_email
from bot.orders.lookup import find_order
from bot.settings import PROJECT_ROOT, policy_file
from bot.store import session_scope
from tests.conftest import NOW

# (order, category, language) -> outcome under the current policy
HISTORY = [("ORD-10001", "delivery", "en"), ("ORD-10002", "delivery", "en"), ("ORD-10003", "billing", "en"),
           ("ORD-10011", "damaged", "en"), ("ORD-10008", "delivery", "en"), ("ORD-20002", "delivery", "es")]


def seed(store, policy) -> dict[str, str]:
    """The history's cases, decided as the bot decides, and one case handed over before any fact;
    returns each order's case reference."""
    references = {}
    with session_scope(store) as session:
        for number, (order, category, language) in enumerate(HISTORY):
            conversation = f"whatif-{number}"
            give_email(session, Identity(named_order=order), find_order(session, order).customer.email, policy,
                       conversation)
            references[order] = assess(session, policy, conversation_id=conversation, language=language,
                                       category=category, order_reference=order, details="it went wrong",
                                       desired_remedy=None, flags=Flags(), now=NOW).case_reference
        hand_off(session, conversation_id="whatif-person", case_reference=None, language="en",
                 reasons=[Reason("customer_asked_for_a_person")])
    return references


def proposed_policy(policy):
    delivery = replace(policy.categories["delivery"], gesture_when_explained=Gesture("voucher", Decimal("8.00")))
    return replace(policy, order_value_above=Decimal("65.00"), categories={**policy.categories, "delivery": delivery})


def test_the_current_policy_changes_nothing_and_replays_each_first_decision(demo_store, policy):
    references = seed(demo_store, policy)
    with session_scope(demo_store) as session:
        cases = past_cases(session)
        result = replay(cases, policy, policy)
        recorded = {conversation_case(session, f"whatif-{n}").outcome for n in range(len(HISTORY))}
    assert (result.replayed, result.not_replayable, result.changes) == (6, 1, [])
    assert {before for before, _ in result.transitions} == recorded == {"goodwill", "explained", "handoff"}
    assert len(references) == 6


def test_a_lower_threshold_and_a_bigger_gesture(demo_store, policy):
    references = seed(demo_store, policy)
    with session_scope(demo_store) as session:
        result = replay(past_cases(session), policy, proposed_policy(policy))
    changes = {c.case: (c.language, c.before, c.after, c.cost_before, c.cost_after) for c in result.changes}
    assert changes == {
        # 60 GBP is 69 EUR: over the new threshold, a person decides (the 4.35 GBP gesture was 5.00 EUR)
        references["ORD-10002"]: ("en", "explained voucher", "handoff", Decimal("5.00"), Decimal("0.00")),
        # 60 EUR stays under it, and the gesture grows
        references["ORD-20002"]: ("es", "explained voucher", "explained voucher", Decimal("5.00"), Decimal("8.00")),
    }
    assert result.transitions == {("goodwill", "goodwill"): 3, ("explained", "handoff"): 1,
                                  ("explained", "explained"): 1, ("handoff", "handoff"): 1}
    assert (result.cost_before, result.cost_after) == (Decimal("124.99"), Decimal("122.99"))
    assert (dict(result.changed_by_category), dict(result.changed_by_language)) == ({"delivery": 2}, {"en": 1, "es": 1})


def test_the_command_writes_nothing_and_refuses_a_broken_policy(tmp_path, policy):
    env = {"BOT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin", "PYTHONWARNINGS": "ignore"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    cli("seed-demo")
    raw = yaml.safe_load(policy_file().read_text())
    raw["handoff"]["order_value_above"] = 65
    proposed = tmp_path / "proposed.yml"
    proposed.write_text(yaml.safe_dump(raw))
    before = cli("cases", "--json", "--all").stdout
    ran = cli("whatif", "--policy", str(proposed), "--since", "2026-01-01")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("cases replayed: 0 (0 without facts"), "the demo's cases are imported history"
    assert cli("cases", "--json", "--all").stdout == before
    raw["handoff"]["order_value_above"] = "lots"
    proposed.write_text(yaml.safe_dump(raw))
    broken = cli("whatif", "--policy", str(proposed))
    assert broken.returncode == 2 and "handoff.order_value_above" in broken.stderr
