"""Each evidence check on the demo records, on SQLite and PostgreSQL."""
from dataclasses import replace
from datetime import timedelta

import pytest

from bot.complaints.evidence.billing_evidence import billing_evidence
from bot.complaints.evidence.collect import collect_evidence
from bot.complaints.evidence.damaged_evidence import damaged_evidence
from bot.complaints.evidence.delivery_evidence import delivery_evidence
from bot.complaints.evidence.history_evidence import History
from bot.complaints.evidence.repair_evidence import repair_evidence
from bot.complaints.evidence.warranty_evidence import add_months, warranty_evidence
from bot.complaints.evidence.wrong_item_evidence import wrong_item_evidence
from bot.complaints.policy import load_policy
from bot.orders.lookup import find_order
from bot.store import session_scope
from tests.conftest import NOW


def check(store, reference, fn, now=NOW, category="delivery"):
    with session_scope(store) as session:
        return fn(find_order(session, reference), now, load_policy().categories[category])


@pytest.mark.parametrize("reference, verdict, fact", [
    ("ORD-10001", "supports", "late_in_transit"),
    ("ORD-10002", "contradicts", "certified_proof_of_delivery"),
    ("ORD-20007", "unclear", "delivered_scan_without_proof"),
])
def test_delivery_evidence(demo_store, reference, verdict, fact):
    finding = check(demo_store, reference, delivery_evidence)
    assert (finding.verdict, finding.fact) == (verdict, fact)


def test_certified_proof_of_delivery_carries_the_facts(demo_store):
    finding = check(demo_store, "ORD-10002", delivery_evidence)
    assert finding.certified
    assert finding.details["delivered_at"] == "2026-10-24T14:05:00"
    assert [p["kind"] for p in finding.details["proofs"]] == ["signature", "photo"]
    assert finding.details["proofs"][0]["detail"] == "signed by B. Carter"


def test_delivery_not_yet_due_contradicts_a_late_claim(demo_store):
    early = NOW - timedelta(days=10)  # before the promised date
    finding = check(demo_store, "ORD-10001", delivery_evidence, now=early)
    assert (finding.verdict, finding.fact) == ("contradicts", "in_transit_on_time")


def test_damaged_evidence_needs_a_delivery(demo_store):
    assert check(demo_store, "ORD-10011", damaged_evidence).verdict == "supports"
    assert check(demo_store, "ORD-10001", damaged_evidence).verdict == "unclear"


def test_warranty_window_counts_from_delivery(demo_store):
    finding = check(demo_store, "ORD-10005", warranty_evidence)
    assert (finding.verdict, finding.details["until"]) == ("supports", "2028-06-06T12:00:00")
    later = check(demo_store, "ORD-10005", warranty_evidence, now=NOW + timedelta(days=800))
    assert (later.verdict, later.fact) == ("contradicts", "warranty_expired")
    assert check(demo_store, "ORD-10007", warranty_evidence).fact == "no_warranty_on_record"


def test_add_months_clamps_to_month_end():
    from datetime import datetime
    assert add_months(datetime(2026, 1, 31), 1) == datetime(2026, 2, 28)
    assert add_months(datetime(2026, 11, 15), 14) == datetime(2028, 1, 15)


def test_repair_evidence(demo_store):
    misuse = check(demo_store, "ORD-10006", repair_evidence)
    assert (misuse.verdict, misuse.fact, misuse.certified) == ("contradicts", "misuse_found", True)
    assert "immersed" in misuse.details["note"]
    assert check(demo_store, "ORD-10005", repair_evidence).verdict == "neutral"


def test_wrong_item_evidence(demo_store):
    differs = check(demo_store, "ORD-10007", wrong_item_evidence)
    assert (differs.verdict, differs.details["ordered"], differs.details["shipped"]) == (
        "supports", {"MUG-BLUE": 2}, {"MUG-RED": 2})
    assert check(demo_store, "ORD-20004", wrong_item_evidence).fact == "scanned_as_ordered"
    assert check(demo_store, "ORD-10001", wrong_item_evidence).verdict == "unclear"


@pytest.mark.parametrize("reference, verdict, fact, amount", [
    ("ORD-10003", "supports", "duplicate_charge", "34.99"),
    ("ORD-20003", "supports", "duplicate_charge", "1250.00"),
    ("ORD-10004", "contradicts", "preauth_released", "89.00"),
    ("ORD-10001", "contradicts", "charged_once_correctly", "49.99"),
    ("ORD-10008", "unclear", "no_ledger_entries", None),
])
def test_billing_evidence(demo_store, reference, verdict, fact, amount):
    finding = check(demo_store, reference, billing_evidence)
    assert (finding.verdict, finding.fact, finding.details.get("amount")) == (verdict, fact, amount)
    owed = amount if fact == "duplicate_charge" else None
    assert (None if finding.refund_due is None else str(finding.refund_due)) == owed


def test_history_counts_prior_complaints_and_goodwill_in_the_window(demo_store, policy):
    with session_scope(demo_store) as session:
        order = find_order(session, "ORD-10009")
        recent = collect_evidence(session, order, "delivery", policy, NOW).history
        narrow = collect_evidence(session, order, "delivery", replace(policy, window_days=60), NOW).history
    assert recent == History(window_days=365, prior_complaints=2, prior_goodwill=1, goodwill_for_this_order=0)
    assert (narrow.prior_complaints, narrow.prior_goodwill) == (1, 0)


def test_each_category_runs_its_checks_and_the_case_records_history_last(demo_store, policy):
    with session_scope(demo_store) as session:
        order = find_order(session, "ORD-10006")
        defective = collect_evidence(session, order, "defective", policy, NOW)
        service = collect_evidence(session, order, "service", policy, NOW)
    assert [f.check for f in defective.findings] == ["warranty_evidence", "repair_evidence"]
    assert [f["check"] for f in defective.recorded()] == ["warranty_evidence", "repair_evidence", "history_evidence"]
    assert service.findings == ()
    assert [f["fact"] for f in service.recorded()] == ["customer_history"]
