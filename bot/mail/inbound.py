"""A customer's emailed answer, read the way a person would: only the new text (the quoted thread,
the "On … wrote:" line and the signature left out), from plain text or, failing that, HTML, in
whatever charset it declares. Auto-replies and bounces are recognised so that they are never
answered and never loop.

Parsing only; where the text goes is bot/mail/replies.py's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from html import unescape
from html.parser import HTMLParser
from typing import Optional

MAX_MESSAGE_BYTES = 1_000_000  # the SMTP ingress refuses bigger messages before reading them
MAX_REPLY_CHARS = 5_000  # kept of the new text (as much as a chat message)

_QUOTE_HEADERS = re.compile(
    r"^\s*(?:On\b.{0,300}\bwrote:|El\b.{0,300}\bescribió:|-{2,}\s*(?:Original Message|Mensaje original)\s*-{2,}"
    r"|(?:From|De):\s.+@.+)\s*$", re.IGNORECASE | re.MULTILINE)
_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTOMATIC_SENDERS = re.compile(r"^(?:mailer-daemon|postmaster|no-?reply)@", re.IGNORECASE)


class NotAReply(ValueError):
    """Nothing a person wrote to keep: an auto-reply, a bounce, an empty or unreadable message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class InboundReply:
    text: str  # the new text only, at most MAX_REPLY_CHARS
    sender: str  # the From address, as written (never trusted: the reply address is the proof)


def read_reply(raw: bytes, envelope_sender: Optional[str] = None) -> InboundReply:
    """The new text of a customer's emailed answer; NotAReply for anything else."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise NotAReply("too big")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    if is_automatic(message, envelope_sender):
        raise NotAReply("automatic")
    text = new_text(_body_text(message))
    if not text:
        raise NotAReply("empty")
    return InboundReply(text=text[:MAX_REPLY_CHARS], sender=str(message.get("From", ""))[:320])


def is_automatic(message: Message, envelope_sender: Optional[str] = None) -> bool:
    """An auto-reply or a delivery report (RFC 3834 `Auto-Submitted`, RFC 3464 reports, the
    common vacation headers, a null or daemon sender): answering one would start a mail loop.
    `envelope_sender` is SMTP's MAIL FROM when known ("" or "<>" for the null sender of bounces)."""
    if (message.get("Auto-Submitted") or "no").strip().lower() != "no":
        return True
    if any(message.get(header) for header in ("X-Autoreply", "X-Autorespond")):
        return True
    if (message.get("Precedence") or "").strip().lower() in _AUTOMATIC_PRECEDENCE:
        return True
    if message.get_content_type() == "multipart/report":
        return True
    if envelope_sender is None:
        return False
    sender = envelope_sender.strip().strip("<>")
    return not sender or bool(_AUTOMATIC_SENDERS.match(sender))


def _body_text(message: Message) -> str:
    if not isinstance(message, EmailMessage):
        return ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError):  # a charset Python does not know, or bytes that lie
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    if not isinstance(content, str):
        return ""
    return html_text(content) if part.get_content_type() == "text/html" else content


def new_text(body: str) -> str:
    """What the customer wrote above the quoted thread, without quoted lines or a signature."""
    quote = _QUOTE_HEADERS.search(body)
    if quote:
        body = body[:quote.start()]
    lines = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.rstrip() == "--":  # the signature separator ("-- ")
            break
        if not line.lstrip().startswith(">"):
            lines.append(line.rstrip())
    return "\n".join(lines).strip()


class _HtmlText(HTMLParser):
    _BREAKS = {"br", "p", "div", "li", "tr", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._quoted = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        if tag == "blockquote":
            self._quoted += 1
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        if tag == "blockquote":
            self._quoted = max(0, self._quoted - 1)
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._quoted:
            self.parts.append(data)


def html_text(html: str) -> str:
    """The readable text of an HTML-only email: tags, scripts, styles and quoted blocks left out."""
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.split("\n")))
