"""A customer's emailed answer taken into its case: kept in the conversation's transcript (where the
console shows it; masked at rest like every message) and the case put back in the queue for a
person unless one already has it.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from bot.complaints.cases import Status
from bot.mail.inbound import InboundReply
from bot.serving.rasa_api import RasaClient
from bot.store.models import Case

EMAIL_CHANNEL = "email"
# A person is already on it: the reply waits for them where it is.
_WITH_A_PERSON = (Status.QUEUED, Status.CLAIMED)


class UnknownCase(LookupError):
    """The reply address names a case that no longer exists (erased) or has no conversation."""


def take_reply(session: Session, rasa: RasaClient, case_id: int, reply: InboundReply, now: datetime) -> Case:
    """Keep the reply in the case's conversation and queue the case for a person. Raises
    RasaUnavailable (nothing changed; the sending server tries again later) or UnknownCase."""
    case = session.get(Case, case_id)
    if case is None or not case.conversation_id:
        raise UnknownCase(f"case {case_id} is gone")
    rasa.customer_wrote(case.conversation_id, reply.text, case.language, EMAIL_CHANNEL)
    if case.status not in _WITH_A_PERSON:
        case.status, case.handed_off_at, case.closed_at = Status.QUEUED, now, None
    case.updated_at = now
    return case
