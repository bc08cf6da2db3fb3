"""A person takes a handed-off conversation over: the queue, claim, reply, hand back, close, and a
lead's word on goodwill above the policy's caps (bot.complaints.approvals).

Changes our case and tells Rasa (through `RasaClient`) to pause, resume or speak; it never
talks to the browser. Each function raises `TakeoverError` with a reason a person can read,
and the caller's transaction is rolled back when Rasa cannot be told.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.complaints.approvals import decide, pending_for, request_approval, staff_cap
from bot.complaints.cases import Status
from bot.complaints.policy import Policy
from bot.handoff.email_follow_up import answer_address, first_reply
from bot.mail.letters import case_reply
from bot.mail.postbox import MailError, Postbox
from bot.mail.reply_tokens import ReplyAddresses
from bot.remedies.live import staff_remedy_to_carry_out
from bot.serving.rasa_api import RasaClient
from bot.store.models import Approval, Case, GoodwillGrant

QUEUE_STATUSES = (Status.QUEUED, Status.CLAIMED)
MAX_REPLY_LENGTH = 2000
RESOLUTION_REMEDIES = ("none", "refund", "replacement", "voucher", "repair", "explained")


class TakeoverError(ValueError):
    """The action is not possible now; the message says why."""


@dataclass(frozen=True)
class Staff:
    name: str
    role: str


def queue(session: Session, *, waiting_for_email: bool = False) -> list[Case]:
    """Handed-off cases not yet closed or handed back, the longest-waiting first; with
    `waiting_for_email`, only those whose customer was promised an answer by email."""
    waiting_since = func.coalesce(Case.handed_off_at, Case.updated_at)
    query = select(Case).where(Case.status.in_(QUEUE_STATUSES))
    if waiting_for_email:
        query = query.where(Case.email_promised_at.is_not(None))
    return list(session.execute(query.order_by(waiting_since, Case.id)).scalars())


def claim(session: Session, rasa: RasaClient, case: Case, staff: Staff) -> None:
    """The case is this person's; the bot goes silent and the customer is told a person joined."""
    claimed = session.execute(update(Case).where(Case.id == case.id, Case.status == Status.QUEUED)
                              .values(status=Status.CLAIMED, agent=staff.name, claimed_at=datetime.utcnow())
                              .execution_options(synchronize_session="fetch"))
    if claimed.rowcount != 1:
        session.refresh(case)
        raise TakeoverError(f"{case.reference} is no longer waiting"
                            + (f": {case.agent} has claimed it" if case.status == Status.CLAIMED else ""))
    rasa.pause(case.conversation_id)
    rasa.execute(case.conversation_id, "utter_agent_joined")


def _held_by(case: Case, staff: Staff) -> None:
    if case.status != Status.CLAIMED:
        raise TakeoverError(f"{case.reference} is not claimed; claim it first")
    if case.agent != staff.name and staff.role != "lead":
        raise TakeoverError(f"{case.reference} is held by {case.agent}")


def _reply_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise TakeoverError("the reply is empty")
    if len(text) > MAX_REPLY_LENGTH:
        raise TakeoverError(f"the reply is longer than {MAX_REPLY_LENGTH} characters")
    return text


def reply(rasa: RasaClient, case: Case, staff: Staff, text: str) -> None:
    """The person's message appears in the customer's widget."""
    _held_by(case, staff)
    rasa.say(case.conversation_id, _reply_text(text), staff.name, case.language)
    first_reply(case, datetime.utcnow())


def email_reply(session: Session, postbox: Postbox, case: Case, staff: Staff, text: str, sender: str,
                replies: ReplyAddresses) -> str:
    """The person's reply also sent by email, in the customer's language with the case reference,
    to the address the customer proved for the case's order in this conversation (or gave, agreeing
    to it, when they proved none), answerable to
    the case's own reply address; where it went."""
    _held_by(case, staff)
    address = answer_address(session, case)
    if address is None:
        raise TakeoverError(f"{case.reference} has no email the customer proved or gave in this conversation; "
                            "reply in the chat")
    letter = case_reply(reference=case.reference, text=_reply_text(text), language=case.language, to=address.email,
                        sender=sender, reply_to=replies.for_case(case.id, datetime.utcnow()))
    try:
        return postbox.send(letter)
    except MailError as error:
        raise TakeoverError(str(error)) from error


def hand_back(rasa: RasaClient, case: Case, staff: Staff) -> None:
    """The bot answers the customer again; the case stays open for the bot to carry on."""
    _held_by(case, staff)
    case.status, case.updated_at = Status.WITH_BOT, datetime.utcnow()
    rasa.resume(case.conversation_id)
    rasa.execute(case.conversation_id, "utter_back_to_bot")


def close(session: Session, rasa: RasaClient, case: Case, staff: Staff, *, remedy: str,
          amount: Optional[Decimal], note: str, policy: Policy) -> Optional[Approval]:
    """Ends the case with the person's resolution; goodwill with an amount is recorded as a grant
    (in the order's currency, else the policy's). An agent's goodwill above the policy's cap is not
    given: it waits for a lead (the request is returned; the case stays with the agent)."""
    _held_by(case, staff)
    if remedy not in RESOLUTION_REMEDIES:
        raise TakeoverError(f"unknown remedy {remedy!r}")
    if amount is not None and amount < 0:
        raise TakeoverError("the amount cannot be negative")
    if not note.strip():
        raise TakeoverError("a note is required to close a case")
    if pending_for(session, case.id) is not None:
        raise TakeoverError(f"a lead has yet to decide on the goodwill asked for {case.reference}")
    now = datetime.utcnow()
    currency = case.currency or (case.order.currency if case.order else policy.currency)
    cap = staff_cap(case, remedy, policy)
    if amount and amount > cap and staff.role != "lead":
        return request_approval(session, case, asked_by=staff.name, remedy=remedy, amount=amount, cap=cap,
                                currency=currency, note=note.strip(), now=now)
    _close_now(session, rasa, case, remedy=remedy, amount=amount, note=note.strip(), currency=currency, now=now)
    return None


def approve(session: Session, rasa: RasaClient, approval_id: int, lead: Staff) -> Approval:
    """A lead approves an agent's goodwill above the cap: the case is closed with it, once."""
    if lead.role != "lead":
        raise TakeoverError("only a lead approves goodwill above the policy's caps")
    approval = decide(session, approval_id, lead=lead.name, approve=True, now=datetime.utcnow())
    if approval is None:
        raise TakeoverError("this request was already decided")
    case = approval.case
    if case.status != Status.CLAIMED:
        raise TakeoverError(f"{case.reference} is no longer held by a person")
    _close_now(session, rasa, case, remedy=approval.remedy, amount=approval.amount, note=approval.note,
               currency=approval.currency, now=approval.decided_at)
    return approval


def refuse(session: Session, approval_id: int, lead: Staff) -> Approval:
    """A lead refuses it: the case stays with the agent, who may close it within the cap."""
    if lead.role != "lead":
        raise TakeoverError("only a lead decides on goodwill above the policy's caps")
    approval = decide(session, approval_id, lead=lead.name, approve=False, now=datetime.utcnow())
    if approval is None:
        raise TakeoverError("this request was already decided")
    return approval


def _close_now(session: Session, rasa: RasaClient, case: Case, *, remedy: str, amount: Optional[Decimal], note: str,
               currency: str, now: datetime) -> None:
    case.status, case.closed_at, case.updated_at = Status.CLOSED, now, now
    case.resolution_remedy, case.resolution_amount, case.resolution_note = remedy, amount, note
    case.currency = currency
    if amount and case.customer_id is not None:
        session.add(GoodwillGrant(reference=f"{case.reference}-staff", customer_id=case.customer_id,
                                  order_id=case.order_id, case_id=case.id, remedy=remedy, amount=amount,
                                  currency=case.currency, granted_at=now))
        staff_remedy_to_carry_out(session, case, remedy, amount)  # a refund is carried out in the shop
    rasa.resume(case.conversation_id)
    rasa.execute(case.conversation_id, "utter_case_closed")


def ask_rating(rasa: RasaClient, conversation_id: str) -> None:
    """The customer of a case a person has closed is asked for a rating. Call it once the close
    is committed: the action server reads the case from the store."""
    rasa.execute(conversation_id, "action_ask_rating")
