"""Our own SMTP ingress for customers' emailed answers (docs/handoff.md says why not IMAP): the
company's mail server hands it the mail for the reply domain. A recipient that is not a reply
address this deployment signed, or one past its expiry, is refused at RCPT and logged, so nothing
of it is stored and no bounce is sent to a forged sender. Auto-replies and bounces are accepted and
dropped, never answered. If Rasa or the database is down the message is deferred (4xx) and the
sending server tries again later. Every message is read in a bounded worker (bot.serving.bounded_worker):
one shaped to cost the reader is refused with a 5xx that names nothing internal, and the next one is
served meanwhile.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.mail.inbound import MAX_MESSAGE_BYTES, InboundReply, NotAReply, UnreadableMail
from bot.mail.replies import UnknownCase, take_reply
from bot.mail.reply_tokens import ReplyAddressError, ReplyAddresses
from bot.serving.bounded_worker import WorkerFailed, run_bounded
from bot.serving.rasa_api import RasaClient, RasaUnavailable
from bot.store import session_scope

log = logging.getLogger(__name__)
UNREADABLE = "554 5.6.0 This message could not be read"


def read_bounded(raw: bytes, envelope_sender: str | None) -> InboundReply:
    """bot.mail.inbound's read_reply, in a bounded worker: NotAReply, or UnreadableMail for a message
    the reader refused or could not finish within its bounds."""
    try:
        read = run_bounded("bot.mail.inbound:reading", raw, *([] if envelope_sender is None else [envelope_sender]))
    except WorkerFailed as failed:
        raise UnreadableMail(failed.reason) from failed
    if "dropped" in read:
        raise NotAReply(read["dropped"])
    if "refused" in read:
        raise UnreadableMail(read["refused"])
    return InboundReply(text=read["text"], sender=read["sender"])


@dataclass
class ReplyIngress:
    """aiosmtpd's handler: RCPT checks the reply address, DATA takes the answer into its case."""

    addresses: ReplyAddresses
    store: Engine
    rasa: RasaClient
    clock: Callable[[], datetime] = datetime.utcnow

    async def handle_RCPT(self, server: SMTP, session: Session, envelope: Envelope, address: str,
                          rcpt_options: list[str]) -> str:
        try:
            case_id = self.addresses.case_of(address, self.clock())
        except ReplyAddressError as refused:
            peer = session.peer[0] if session.peer else "?"
            log.warning("refused a reply address (%s) from the mail server at %s", refused.reason, peer)
            return "550 5.1.1 Unknown or expired reply address"
        if envelope.rcpt_tos and _case_ids(envelope) != {case_id}:
            return "452 4.5.3 One case per message, please"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        case_id = next(iter(_case_ids(envelope)))
        content = envelope.original_content or envelope.content or b""
        raw = content.encode("utf-8", "surrogateescape") if isinstance(content, str) else content
        try:
            reply = await asyncio.get_running_loop().run_in_executor(None, read_bounded, raw, envelope.mail_from)
        except NotAReply as dropped:
            log.info("dropped an email for case %s: %s", case_id, dropped.reason)
            return "250 OK"  # accepted and dropped: an auto-reply or bounce is never answered
        except UnreadableMail as refused:
            log.warning("refused an email for case %s (%d bytes): %s", case_id, len(raw), refused.reason)
            return UNREADABLE
        try:
            await asyncio.get_running_loop().run_in_executor(None, self._take, case_id, reply)
        except UnknownCase:
            return "550 5.1.1 This case no longer exists"
        except (RasaUnavailable, SQLAlchemyError) as error:
            log.warning("deferred an email for case %s: %s", case_id, error.__class__.__name__)
            return "451 4.3.0 Please try again later"
        log.info("an emailed answer was added to case %s", case_id)
        return "250 OK"

    async def handle_exception(self, error: Exception) -> str:
        """aiosmtpd's answer to anything a handler did not expect: logged here, never named to the sender."""
        log.error("the mail ingress failed on a message: %s", error.__class__.__name__, exc_info=error)
        return "451 4.3.0 Please try again later"

    def _take(self, case_id: int, reply: InboundReply) -> None:
        with session_scope(self.store) as session:
            take_reply(session, self.rasa, case_id, reply, self.clock())


def _case_ids(envelope: Envelope) -> set[int]:
    """The case each accepted recipient stands for (RCPT checked their signatures)."""
    return {int(address.split("+", 1)[1].split(".", 1)[0]) for address in envelope.rcpt_tos}


def start_ingress(ingress: ReplyIngress, host: str, port: int) -> Controller:
    """The SMTP ingress listening on host:port (in its own thread); stop it with `.stop()`."""
    controller = Controller(ingress, hostname=host, port=port, data_size_limit=MAX_MESSAGE_BYTES,
                            decode_data=False, ready_timeout=10)
    controller.start()
    return controller
