"""Whose order a conversation is about: an order becomes the conversation's only once the email on
it has been given, and a customer learns nothing about an order (not even that it exists) before.

Pure rules over one store lookup; the complaint form adapts them to Rasa's slots.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Mapping, Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.complaints.policy import Policy
from bot.orders.lookup import email_matches, find_order, parse_email, parse_order_reference, reference_format
from bot.privacy.email_vault import email_digest, seal, unseal
from bot.privacy.pii import mask_personal_data
from bot.store.models import EmailGuess, Order, Verification


@dataclass(frozen=True)
class Identity:
    """Where the check stands: the order named, and the order whose email was given (as the slots
    say; bot.orders.identity.proven_order asks the store)."""

    named_order: Optional[str] = None
    verified_order: Optional[str] = None


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
        return Step({"order_id": None}, "utter_order_malformed", {"example": reference_format().example})
    if identity.verified_order in (None, reference):
        return Step({"order_id": reference})
    return Step({"order_id": reference, "customer_email": None, "verified_order": None},
                "utter_order_changed", {"order_id": reference})


def give_email(session: Session, identity: Identity, answer: str, policy: Policy, conversation_id: str,
               client: Optional[str] = None, now: Optional[datetime] = None) -> Step:
    """The customer gives the email for the named order. The right one makes the order the
    conversation's (recorded, the email sealed; the slot keeps it masked). A wrong email and an
    order that does not exist get the same reply; both are a wrong guess, kept in the store, and
    the policy's limits (per order from any conversation, per conversation, per `client` address
    digest, over its window) hand the conversation to a person, who can verify the owner another way.
    An email before any order is named counts as nothing."""
    now = now or datetime.utcnow()
    email = parse_email(answer)
    if email is None:
        return Step({"customer_email": None}, "utter_email_malformed")
    if identity.named_order is None:  # the form asks for the order next; no order, no guess
        return Step({"customer_email": None})
    order = find_order(session, identity.named_order)
    if order is not None and email_matches(order, email):
        session.add(Verification(conversation_id=conversation_id, order_id=order.id, email_digest=email_digest(email),
                                 email_sealed=seal(email), verified_at=now))
        return Step({"customer_email": mask_personal_data(email), "verified_order": order.reference})
    locked = _wrong_guess(session, policy, identity.named_order, conversation_id, client, now)
    return Step({"customer_email": None, "identity_locked": locked},
                None if locked else "utter_email_mismatch", {"order_id": identity.named_order}, locked)


def _wrong_guess(session: Session, policy: Policy, order_reference: str, conversation_id: str,
                 client: Optional[str], now: datetime) -> bool:
    """Record a wrong guess; whether a limit is reached. Guesses older than the window are forgotten."""
    since = now - timedelta(minutes=policy.wrong_email_window_minutes)
    session.execute(delete(EmailGuess).where(EmailGuess.guessed_at < since))
    session.add(EmailGuess(order_reference=order_reference, client_digest=client, conversation_id=conversation_id,
                           guessed_at=now))
    session.flush()

    def guesses(*where: Any) -> int:
        return session.execute(select(func.count(EmailGuess.id)).where(*where)).scalar_one()

    return (guesses(EmailGuess.order_reference == order_reference) >= policy.max_wrong_emails_per_order
            or guesses(EmailGuess.conversation_id == conversation_id) >= policy.max_wrong_emails_per_conversation
            or (client is not None
                and guesses(EmailGuess.client_digest == client) >= policy.max_wrong_emails_per_client))


def is_verified(session: Session, conversation_id: str, order: Order) -> bool:
    """Whether the customer gave this order's email in this conversation."""
    query = select(Verification.id).where(Verification.conversation_id == conversation_id,
                                          Verification.order_id == order.id).limit(1)
    return session.execute(query).first() is not None


def proven_order(session: Session, conversation_id: str, claimed: Optional[str]) -> Optional[str]:
    """`claimed` (a verified order as a slot says) when the store says this conversation proved it;
    else None. Slots travel through whoever calls the action server: they are never proof."""
    order = find_order(session, claimed) if claimed else None
    return order.reference if order is not None and is_verified(session, conversation_id, order) else None


def proven_email(session: Session, conversation_id: str, order_id: int) -> Optional[str]:
    """The email the customer gave for this order in this conversation (the latest), readable
    again for a follow-up by email; None when they never proved it here."""
    sealed = session.execute(select(Verification.email_sealed).where(
        Verification.conversation_id == conversation_id, Verification.order_id == order_id)
        .order_by(Verification.id.desc()).limit(1)).scalar_one_or_none()
    return unseal(sealed) if sealed else None
