"""Whose order a conversation is about: an order becomes the conversation's only once the email on
it has been given, and a customer learns nothing about an order (not even that it exists) before.

Pure rules over one store lookup; the complaint form adapts them to Rasa's slots.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.complaints.policy import Policy
from bot.orders.lookup import email_matches, find_order, parse_email, parse_order_reference
from bot.privacy.email_vault import email_digest, seal, unseal
from bot.privacy.pii import mask_personal_data
from bot.store.models import Order, Verification


@dataclass(frozen=True)
class Identity:
    """Where the check stands: the order named, the order whose email was given, wrong guesses."""

    named_order: Optional[str] = None
    verified_order: Optional[str] = None
    wrong_emails: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """The slots to set, the reply to give (a response name and its arguments), and whether the
    wrong emails reached a limit (then a person takes over)."""

    slots: dict[str, Any]
    reply: Optional[str] = None
    reply_args: Mapping[str, Any] = field(default_factory=dict)
    locked: bool = False

    @property
    def ok(self) -> bool:
        return self.reply is None and not self.locked


def name_order(identity: Identity, answer: str) -> Step:
    """The customer names an order. Only its format is checked here: whether it exists is told
    to nobody. Naming another order than the verified one starts the check again for it."""
    reference = parse_order_reference(answer)
    if reference is None:
        return Step({"order_id": None}, "utter_order_malformed")
    if identity.verified_order in (None, reference):
        return Step({"order_id": reference})
    return Step({"order_id": reference, "customer_email": None, "verified_order": None},
                "utter_order_changed", {"order_id": reference})


def give_email(session: Session, identity: Identity, answer: str, policy: Policy, conversation_id: str) -> Step:
    """The customer gives the email for the named order. The right one makes the order the
    conversation's (recorded, the email sealed; the slot keeps it masked). A wrong email and an
    order that does not exist get the same reply; both count as a wrong guess, and the policy's
    limits (per order, per conversation) hand the conversation to a person."""
    email = parse_email(answer)
    if email is None:
        return Step({"customer_email": None}, "utter_email_malformed")
    order = find_order(session, identity.named_order) if identity.named_order else None
    if order is not None and email_matches(order, email):
        session.add(Verification(conversation_id=conversation_id, order_id=order.id, email_digest=email_digest(email),
                                 email_sealed=seal(email), verified_at=datetime.utcnow()))
        return Step({"customer_email": mask_personal_data(email), "verified_order": order.reference})
    key = identity.named_order or "-"
    wrong = {**identity.wrong_emails, key: identity.wrong_emails.get(key, 0) + 1}
    locked = (wrong[key] >= policy.max_wrong_emails_per_order
              or sum(wrong.values()) >= policy.max_wrong_emails_per_conversation)
    return Step({"customer_email": None, "wrong_emails": wrong, "identity_locked": locked},
                None if locked else "utter_email_mismatch", {"order_id": identity.named_order or ""}, locked)


def is_verified(session: Session, conversation_id: str, order: Order) -> bool:
    """Whether the customer gave this order's email in this conversation."""
    query = select(Verification.id).where(Verification.conversation_id == conversation_id,
                                          Verification.order_id == order.id).limit(1)
    return session.execute(query).first() is not None


def proven_email(session: Session, conversation_id: str, order_id: int) -> Optional[str]:
    """The email the customer gave for this order in this conversation (the latest), readable
    again for a follow-up by email; None when they never proved it here."""
    sealed = session.execute(select(Verification.email_sealed).where(
        Verification.conversation_id == conversation_id, Verification.order_id == order_id)
        .order_by(Verification.id.desc()).limit(1)).scalar_one_or_none()
    return unseal(sealed) if sealed else None
