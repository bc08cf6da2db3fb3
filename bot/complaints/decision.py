"""The decision: goodwill, a calm explanation, or a person — from facts and policy alone.

Pure functions: no database, no Rasa, no model output beyond the customer's stated wishes.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, Optional, Sequence, get_args

from bot.complaints.category_policy import CategoryPolicy
from bot.complaints.evidence.finding import Finding
from bot.complaints.evidence.history_evidence import History
from bot.complaints.policy import Policy

OutcomeKind = Literal["goodwill", "explained", "handoff"]
OUTCOMES: tuple[str, ...] = get_args(OutcomeKind)
CENT = Decimal("0.01")
# The second insult in a conversation hands it to a person.
INSULTS_BEFORE_HANDOFF = 2


@dataclass(frozen=True)
class Reason:
    """Why: a stable rule code and a human-readable detail."""

    rule: str
    detail: str = ""


@dataclass(frozen=True)
class Flags:
    """What the customer did in the conversation that the policy cares about."""

    human_requested: bool = False
    disputed: bool = False
    insults: int = 0
    legal_threat: bool = False


@dataclass(frozen=True, kw_only=True)
class Complaint:
    """Everything the decision needs to know about one complaint."""

    category: str
    order_value: Decimal
    shipping_fee: Decimal
    currency: str
    findings: Sequence[Finding]
    history: Optional[History] = None  # None: the history could not be read, so a person decides
    desired_remedy: Optional[str] = None
    flags: Flags = field(default_factory=Flags)


@dataclass(frozen=True)
class Decision:
    outcome: OutcomeKind
    reasons: tuple[Reason, ...]
    remedy: Optional[str] = None
    amount: Optional[Decimal] = None
    currency: Optional[str] = None

    def reasons_as_dicts(self) -> list[dict]:
        return [asdict(r) for r in self.reasons]


def _handoff(*reasons: Reason) -> Decision:
    return Decision("handoff", tuple(reasons))


def _flag_reasons(flags: Flags) -> list[Reason]:
    reasons = []
    if flags.human_requested:
        reasons.append(Reason("customer_asked_for_a_person"))
    if flags.legal_threat:
        reasons.append(Reason("legal_threat"))
    if flags.insults >= INSULTS_BEFORE_HANDOFF:
        reasons.append(Reason("repeated_insults", f"{flags.insults} insults"))
    if flags.disputed:
        reasons.append(Reason("customer_disputes_the_records"))
    return reasons


def _history_reasons(history: Optional[History], policy: Policy) -> list[Reason]:
    if history is None:
        return [Reason("history_unknown")]
    reasons = []
    if history.goodwill_for_this_order > 0:
        reasons.append(Reason("goodwill_already_given_for_this_order"))
    if history.prior_complaints >= policy.max_prior_complaints:
        reasons.append(Reason("too_many_complaints_in_window",
                              f"{history.prior_complaints} in {history.window_days} days"))
    if history.prior_goodwill >= policy.max_prior_goodwill:
        reasons.append(Reason("too_much_goodwill_in_window",
                              f"{history.prior_goodwill} grants in {history.window_days} days"))
    return reasons


def in_currency(amount: Decimal, rate: Decimal) -> Decimal:
    """A policy amount converted into a currency of which one unit is worth `rate` policy units."""
    return (amount / rate).quantize(CENT, rounding=ROUND_HALF_UP)


def refund_cap(rules: CategoryPolicy, order_value: Decimal, rate: Decimal) -> Decimal:
    """The most a refund may be, in the order's currency: a share of the order, and an amount."""
    return min(in_currency(rules.refund_cap, rate), order_value * rules.refund_cap_percent / 100)


def _in_order_currency(amount: Decimal, complaint: Complaint, policy: Policy) -> Decimal:
    """A policy amount converted into the order's currency."""
    return in_currency(amount, policy.rates[complaint.currency])


def remedy_amount(remedy: str, complaint: Complaint, policy: Policy) -> Decimal:
    """What a remedy costs, in the order's currency: refunds are capped, replacements cost the
    goods, vouchers are fixed by the policy."""
    rules = policy.categories[complaint.category]
    if remedy == "voucher":
        return _in_order_currency(rules.voucher, complaint, policy)
    if remedy == "shipping_refund":
        return complaint.shipping_fee
    if remedy == "replacement":
        return complaint.order_value
    owed = min((f.refund_due for f in complaint.findings if f.refund_due is not None), default=complaint.order_value)
    cap = refund_cap(rules, complaint.order_value, policy.rates[complaint.currency])
    return min(owed, cap).quantize(CENT, rounding=ROUND_HALF_UP)


def offer(remedy: str, complaint: Complaint, policy: Policy, reasons: Sequence[Reason]) -> Decision:
    """A goodwill decision for one remedy of the complaint's category."""
    amount = remedy_amount(remedy, complaint, policy)
    return Decision("goodwill", tuple(reasons), remedy, amount, complaint.currency)


def decide(complaint: Complaint, policy: Policy) -> Decision:
    """Apply the policy's rules in order; the first that fires decides, all record reasons."""
    stop = _flag_reasons(complaint.flags)
    rate = policy.rates.get(complaint.currency)
    if rate is None:
        stop.append(Reason("currency_not_in_policy", complaint.currency))
    elif complaint.order_value * rate > policy.order_value_above:
        stop.append(Reason("order_value_above_threshold",
                           f"{complaint.order_value} {complaint.currency} > "
                           f"{policy.order_value_above} {policy.currency}"))
    stop += _history_reasons(complaint.history, policy)
    if stop:
        return _handoff(*stop)

    facts = [f for f in complaint.findings if f.verdict != "neutral"]
    unclear = [f for f in facts if f.verdict == "unclear" or (f.verdict == "contradicts" and not f.certified)]
    if unclear:
        return _handoff(*(Reason("evidence_unclear", f.fact) for f in unclear))

    contradicting = [f for f in facts if f.verdict == "contradicts"]
    if contradicting:
        reasons = tuple(Reason("certified_records_contradict", f.fact) for f in contradicting)
        gesture = policy.categories[complaint.category].gesture_when_explained
        if gesture is None:
            return Decision("explained", reasons)
        return Decision("explained", reasons + (Reason("policy_gesture", gesture.remedy),),
                        gesture.remedy, _in_order_currency(gesture.amount, complaint, policy), complaint.currency)

    rules = policy.categories[complaint.category]
    remedy = complaint.desired_remedy if complaint.desired_remedy in rules.remedies else rules.remedies[0]
    supported = [Reason("records_support_customer", f.fact) for f in facts] or [
        Reason("no_records_to_check", complaint.category)]
    chosen_by = "customer's wish" if remedy == complaint.desired_remedy else "policy default"
    return offer(remedy, complaint, policy, [*supported, Reason("remedy_chosen", chosen_by)])


def alternative(declined: Decision, complaint: Complaint, policy: Policy) -> Decision:
    """After a declined offer: the category's next remedy once, then a person."""
    rules = policy.categories[complaint.category]
    others = [r for r in rules.remedies if r != declined.remedy]
    if declined.outcome != "goodwill" or not others or any(r.rule == "alternative_offer" for r in declined.reasons):
        return _handoff(Reason("customer_declined_goodwill", declined.remedy or ""))
    return offer(others[0], complaint, policy, (*declined.reasons, Reason("alternative_offer", declined.remedy or "")))
