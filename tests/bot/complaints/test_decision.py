"""Every decision rule, on hand-made facts (no database)."""
from decimal import Decimal

import pytest

from bot.complaints.decision import Complaint, Flags, alternative, decide
from bot.complaints.evidence.finding import Finding
from bot.complaints.evidence.history_evidence import History


def history(complaints=0, goodwill=0, for_order=0):
    return History(window_days=365, prior_complaints=complaints, prior_goodwill=goodwill,
                   goodwill_for_this_order=for_order)


LATE = Finding(check="delivery_evidence", verdict="supports", fact="late_in_transit", certified=True)


def complaint(category="delivery", findings=None, value="45.00", wish=None, flags=None, hist=None):
    facts = findings if findings is not None else [LATE]
    return Complaint(category=category, order_value=Decimal(value), shipping_fee=Decimal("4.99"), currency="EUR",
                     findings=facts, history=hist or history(), desired_remedy=wish,
                     flags=flags or Flags())


def rules(decision):
    return [r.rule for r in decision.reasons]


def test_supported_claim_gets_the_category_default_remedy_capped(policy):
    d = decide(complaint(value="450.00"), policy)
    assert (d.outcome, d.remedy, d.amount, d.currency) == ("goodwill", "refund", Decimal("200.00"), "EUR")
    assert rules(d) == ["records_support_customer", "remedy_chosen"]


def test_customer_wish_wins_when_the_policy_allows_it(policy):
    d = decide(complaint(wish="voucher"), policy)
    assert (d.remedy, d.amount) == ("voucher", Decimal("15"))
    d = decide(complaint(wish="shipping_refund"), policy)  # not allowed for delivery
    assert d.remedy == "refund"


def test_refund_of_a_duplicate_charge_is_the_duplicate_amount(policy):
    dup = Finding(check="billing_evidence", verdict="supports", fact="duplicate_charge", certified=True,
                  details={"amount": "34.99", "currency": "EUR"},
                  refund_due=Decimal("12.50"))
    d = decide(complaint("billing", [dup], value="34.99"), policy)
    assert (d.outcome, d.remedy, d.amount) == ("goodwill", "refund", Decimal("12.50"))


def test_refund_cap_as_share_of_order_value(policy):
    dup = Finding(check="billing_evidence", verdict="supports", fact="duplicate_charge", certified=True,
                  refund_due=Decimal("90.00"))
    assert decide(complaint("billing", [dup], value="60.00"), policy).amount == Decimal("60.00")


def test_replacement_costs_the_goods_and_shipping_refund_the_fee(policy):
    ok = [Finding(check="damaged_evidence", verdict="supports", fact="delivered", certified=True)]
    assert decide(complaint("damaged", ok), policy).amount == Decimal("45.00")
    assert decide(complaint("service", [], wish="shipping_refund"), policy).amount == Decimal("4.99")


def test_service_complaint_without_records_is_believed(policy):
    d = decide(complaint("service", []), policy)
    assert (d.outcome, d.remedy) == ("goodwill", "voucher")
    assert rules(d)[0] == "no_records_to_check"


def test_certified_contradiction_is_explained_with_the_policy_gesture(policy):
    pod = Finding(check="delivery_evidence", verdict="contradicts", fact="certified_proof_of_delivery", certified=True)
    d = decide(complaint(findings=[pod]), policy)
    assert (d.outcome, d.remedy, d.amount) == ("explained", "voucher", Decimal("5"))
    assert rules(d) == ["certified_records_contradict", "policy_gesture"]


def test_explained_without_gesture_where_the_policy_gives_none(policy):
    released = Finding(check="billing_evidence", verdict="contradicts", fact="preauth_released", certified=True)
    d = decide(complaint("billing", [released]), policy)
    assert (d.outcome, d.remedy, d.amount) == ("explained", None, None)


@pytest.mark.parametrize("finding", [
    Finding(check="delivery_evidence", verdict="unclear", fact="delivered_scan_without_proof"),
    Finding(check="delivery_evidence", verdict="contradicts", fact="something_uncertified", certified=False),
])
def test_unclear_or_uncertified_evidence_goes_to_a_person(policy, finding):
    d = decide(complaint(findings=[finding]), policy)
    assert d.outcome == "handoff" and rules(d) == ["evidence_unclear"]


def test_mixed_evidence_contradiction_wins_over_support(policy):
    misuse = Finding(check="repair_evidence", verdict="contradicts", fact="misuse_found", certified=True)
    warranty = Finding(check="warranty_evidence", verdict="supports", fact="within_warranty", certified=True)
    assert decide(complaint("defective", [warranty, misuse]), policy).outcome == "explained"


def test_high_value_order_goes_to_a_person(policy):
    d = decide(complaint(value="899.00"), policy)
    assert d.outcome == "handoff" and rules(d) == ["order_value_above_threshold"]


@pytest.mark.parametrize("hist, rule", [
    (history(complaints=2), "too_many_complaints_in_window"),
    (history(goodwill=2), "too_much_goodwill_in_window"),
    (history(for_order=1), "goodwill_already_given_for_this_order"),
])
def test_history_limits_go_to_a_person(policy, hist, rule):
    d = decide(complaint(hist=hist), policy)
    assert d.outcome == "handoff" and rule in rules(d)


def test_history_just_under_the_limits_still_gets_goodwill(policy):
    assert decide(complaint(hist=history(complaints=1, goodwill=1)), policy).outcome == "goodwill"


@pytest.mark.parametrize("flags, rule", [
    (Flags(human_requested=True), "customer_asked_for_a_person"),
    (Flags(legal_threat=True), "legal_threat"),
    (Flags(insults=2), "repeated_insults"),
    (Flags(disputed=True), "customer_disputes_the_records"),
])
def test_conversation_flags_go_to_a_person_even_with_supporting_facts(policy, flags, rule):
    d = decide(complaint(flags=flags), policy)
    assert d.outcome == "handoff" and rules(d) == [rule]


def test_one_insult_alone_does_not_hand_off(policy):
    assert decide(complaint(flags=Flags(insults=1)), policy).outcome == "goodwill"


def test_missing_history_is_treated_as_unknown_and_handed_off(policy):
    c = Complaint(category="delivery", order_value=Decimal("45"), shipping_fee=Decimal("0"), currency="EUR",
                  findings=[Finding(check="delivery_evidence", verdict="supports", fact="late_in_transit",
                                    certified=True)])
    assert rules(decide(c, policy)) == ["history_unknown"]


def test_declined_offer_gets_one_alternative_then_a_person(policy):
    c = complaint()
    first = decide(c, policy)
    second = alternative(first, c, policy)
    assert (second.outcome, second.remedy) == ("goodwill", "replacement")
    assert rules(second)[-1] == "alternative_offer"
    third = alternative(second, c, policy)
    assert third.outcome == "handoff" and rules(third) == ["customer_declined_goodwill"]


def test_amounts_convert_between_the_policy_and_order_currency(policy):
    mxn = Complaint(category="delivery", order_value=Decimal("1250.00"), shipping_fee=Decimal("0"), currency="MXN",
                    findings=[Finding(check="delivery_evidence", verdict="supports", fact="late_in_transit",
                                      certified=True)], history=history(), desired_remedy="voucher")
    d = decide(mxn, policy)  # 1250 MXN is 62.50 EUR: under the threshold
    assert (d.outcome, d.amount, d.currency) == ("goodwill", Decimal("300.00"), "MXN")  # 15 EUR voucher
    big = Complaint(category="delivery", order_value=Decimal("12000.00"), shipping_fee=Decimal("0"), currency="MXN",
                    findings=mxn.findings, history=mxn.history)
    assert rules(decide(big, policy)) == ["order_value_above_threshold"]


def test_order_in_a_currency_the_policy_does_not_know_goes_to_a_person(policy):
    c = Complaint(category="delivery", order_value=Decimal("10"), shipping_fee=Decimal("0"), currency="JPY",
                  findings=[Finding(check="delivery_evidence", verdict="supports", fact="late_in_transit",
                                    certified=True)], history=history())
    assert rules(decide(c, policy)) == ["currency_not_in_policy"]
