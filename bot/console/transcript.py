"""A conversation as people read it: the turns from Rasa's events, and our case beside them.

Turns what is stored into display rows; it never fetches or changes anything itself. Personal
data is masked here when the reader's role does not need it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Optional

from bot.complaints.cases import case_findings, case_reasons
from bot.complaints.facts_text import describe_fact
from bot.handoff.address_confirmation import unconfirmed_since
from bot.mail.replies import EMAIL_CHANNEL
from bot.privacy.pii import mask_personal_data
from bot.store.models import Case
from bot.store.tracker_events import TrackerEvent

SYSTEM_EVENTS = {"pause": "bot paused: a person holds the conversation", "resume": "bot resumed",
                 "session_started": "new session", "restart": "conversation restarted"}
WIDGET_OPENED = "session_start"  # the widget's init payload (bot/web/templates/shop.html)


@dataclass(kw_only=True)
class Turn:
    event_id: int
    at: datetime
    speaker: str  # customer, bot, agent or system
    text: str
    language: Optional[str] = None
    intent: Optional[str] = None
    confidence: Optional[float] = None
    agent: Optional[str] = None
    buttons: list[str] = field(default_factory=list)
    by_email: bool = False  # a customer's emailed answer (bot/mail/replies.py), not a chat message

    def to_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "at": self.at.isoformat(timespec="seconds") + "Z",
                "speaker": self.speaker, "text": self.text, "language": self.language, "intent": self.intent,
                "confidence": None if self.confidence is None else round(self.confidence, 3),
                "agent": self.agent, "buttons": self.buttons, "by_email": self.by_email}


def turns(events: list[TrackerEvent], *, mask: bool, language: Optional[str] = None) -> list[Turn]:
    """Customer, bot and agent messages plus pause/resume markers, oldest first.

    A customer turn's language is the one the bot settled on for that message (the `language`
    slot it set in reply), which is what the detection decided. Pass the language in effect
    before the first event when reading from the middle of a conversation.
    """
    show = mask_personal_data if mask else (lambda text: text)
    result: list[Turn] = []
    last_customer: Optional[Turn] = None
    for event in events:
        data = event.data
        intent = (data.get("parse_data") or {}).get("intent") or {}
        if event.type == "user" and intent.get("name") == WIDGET_OPENED:
            continue  # the widget opening the chat, not something the customer wrote
        if event.type == "user":
            last_customer = Turn(event_id=event.id, at=event.at, speaker="customer", text=show(data.get("text") or ""),
                                 language=language,
                                 intent=intent.get("name"), confidence=intent.get("confidence"),
                                 by_email=data.get("input_channel") == EMAIL_CHANNEL)
            result.append(last_customer)
        elif event.type == "slot" and data.get("name") == "language" and data.get("value"):
            language = data["value"]
            if last_customer is not None:
                last_customer.language = language
        elif event.type == "bot":
            agent = (data.get("metadata") or {}).get("agent")
            buttons = [b.get("title", "") for b in (data.get("data") or {}).get("buttons") or []]
            result.append(Turn(event_id=event.id, at=event.at, speaker="agent" if agent else "bot",
                               text=show(data.get("text") or ""),
                               language=language, agent=agent, buttons=buttons))
            last_customer = None
        elif event.type in SYSTEM_EVENTS and not (result and result[-1].text == SYSTEM_EVENTS[event.type]):
            result.append(Turn(event_id=event.id, at=event.at, speaker="system", text=SYSTEM_EVENTS[event.type]))
    return result


def case_view(case: Case, *, mask: bool) -> dict[str, Any]:
    """The case beside the transcript: evidence in words, the decision and its reasons, the offer,
    the customer's answer, and what a person did."""
    show = mask_personal_data if mask else (lambda text: text)
    findings = case_findings(case)
    return {
        "reference": case.reference,
        "status": case.status,
        "language": case.language,
        "category": case.category,
        "order": case.order.reference if case.order else None,
        "details": show(case.details or ""),
        "desired_remedy": case.desired_remedy,
        "claimed_amount": case.claimed_amount,
        "evidence": [{"check": f.check, "verdict": f.verdict, "certified": f.certified,
                      "text": show(describe_fact(f, "en") or f.fact)} for f in findings],
        "outcome": case.outcome,
        "reasons": [{"rule": r.rule, "detail": show(r.detail)} for r in case_reasons(case)],
        "offer": {"remedy": case.remedy, "amount": str(case.amount) if case.amount is not None else None,
                  "currency": case.currency} if case.remedy else None,
        "customer_answer": case.customer_answer,
        "agent": case.agent,
        "handed_off_at": case.handed_off_at,
        "email_promised_at": case.email_promised_at,
        "email_given_at": case.follow_up_consent_at,  # when the customer confirmed an address to be answered at
        "email_unconfirmed_since": unconfirmed_since(case),
        "resolution": {"remedy": case.resolution_remedy, "note": show(case.resolution_note or ""),
                       "amount": str(case.resolution_amount) if case.resolution_amount is not None else None}
        if case.closed_at else None,
        "satisfaction": {"rating": case.csat_rating, "resolved_by": case.csat_resolved_by,
                         "comment": show(case.csat_comment or "")} if case.csat_asked_at else None,
    }
