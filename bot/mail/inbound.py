"""A customer's emailed answer, read the way a person would: only the new text (the quoted thread,
the "On … wrote:" line and the signature left out), from plain text or, failing that, HTML, in
whatever charset it declares. Auto-replies and bounces are recognised so that they are never
answered and never loop.

Every email is hostile until read: its shape is checked on the raw bytes before any parse (size,
lines, header fields), only the few headers needed are interpreted, and the new text is found in one
pass over the lines. bot/mail/ingress.py runs this in a bounded worker, never in the web process.

Parsing only; where the text goes is bot/mail/replies.py's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from html import unescape
from html.parser import HTMLParser
from typing import Optional

MAX_MESSAGE_BYTES = 1_000_000  # the SMTP ingress refuses bigger messages before reading them
MAX_REPLY_CHARS = 5_000  # kept of the new text (as much as a chat message)
# Real replies stay far below these; the parser's cost grows faster than linearly beyond them.
MAX_LINES = 30_000  # a 1 MB message of blank lines would hold 500,000
MAX_HEADER_FIELDS = 100  # in one header block: the message's own, or one MIME part's
MAX_HEADER_FIELD_BYTES = 8_000  # one field with its folded lines (RFC 5322 lines stop at 998)
MAX_SENDER_CHARS = 320

# Matched against one line at a time, so the cost stays linear in the body's length.
_QUOTE_HEADER = re.compile(
    r"\s{0,40}(?:On\b.{0,300}\bwrote:|El\b.{0,300}\bescribió:|-{2,}\s{0,5}(?:Original Message|Mensaje original)"
    r"\s{0,5}-{2,}|(?:From|De):\s.{0,300}@.{0,300})\s*", re.IGNORECASE)
_QUOTE_HEADER_MAX_CHARS = 700  # a longer line is never a quote header
_FIELD_NAME = re.compile(rb"[!-9;-~]{1,76}:")
_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTOMATIC_SENDERS = re.compile(r"^(?:mailer-daemon|postmaster|no-?reply)@", re.IGNORECASE)


class NotAReply(ValueError):
    """Nothing a person wrote to keep: an auto-reply, a bounce, an empty or unreadable message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class UnreadableMail(ValueError):
    """A message shaped to cost the reader (huge or countless header fields, countless lines, nesting
    deeper than the parser goes): refused, never read. `reason` is for the log only."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class InboundReply:
    text: str  # the new text only, at most MAX_REPLY_CHARS
    sender: str  # the From address, as written (never trusted: the reply address is the proof)


def read_reply(raw: bytes, envelope_sender: Optional[str] = None) -> InboundReply:
    """The new text of a customer's emailed answer; NotAReply for anything else, UnreadableMail for
    a message shaped to cost the reader."""
    check_shape(raw)
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        if is_automatic(message, envelope_sender):
            raise NotAReply("automatic")
        text = new_text(_body_text(message))
    except RecursionError as error:
        raise UnreadableMail("nested too deeply") from error
    if not text:
        raise NotAReply("empty")
    return InboundReply(text=text[:MAX_REPLY_CHARS], sender=_sender(message))


def check_shape(raw: bytes) -> None:
    """UnreadableMail unless the raw message keeps within the limits above. Header blocks are the
    message's first lines and those after a line starting with "--" (a MIME boundary), up to the
    first line that is neither a header field nor a folded continuation of one."""
    if len(raw) > MAX_MESSAGE_BYTES:
        raise UnreadableMail("too big")
    if raw.count(b"\n") > MAX_LINES:
        raise UnreadableMail("too many lines")
    in_header, fields, field_bytes = True, 0, 0
    for line in raw.split(b"\n"):
        if in_header and fields and line[:1] in (b" ", b"\t"):
            field_bytes += len(line)
        elif in_header and _FIELD_NAME.match(line):
            fields, field_bytes = fields + 1, len(line)
        else:
            in_header, fields = line.startswith(b"--"), 0
            continue
        if fields > MAX_HEADER_FIELDS:
            raise UnreadableMail("too many header fields")
        if field_bytes > MAX_HEADER_FIELD_BYTES:
            raise UnreadableMail("header field too long")


def _raw_header(message: Message, name: str) -> str:
    """A header's value as written, without interpreting its structure (that costs, and nothing
    here needs it)."""
    return next((str(value) for key, value in message.raw_items() if key.lower() == name.lower()), "")


def _sender(message: Message) -> str:
    """The From header as a person reads it (encoded words decoded), at most MAX_SENDER_CHARS."""
    written = " ".join(_raw_header(message, "From").split())[:MAX_SENDER_CHARS * 4]
    try:
        readable = str(make_header(decode_header(written)))
    except (LookupError, UnicodeError, ValueError):  # an unknown charset, or bytes that lie
        readable = written
    return readable[:MAX_SENDER_CHARS]


def is_automatic(message: Message, envelope_sender: Optional[str] = None) -> bool:
    """An auto-reply or a delivery report (RFC 3834 `Auto-Submitted`, RFC 3464 reports, the
    common vacation headers, a null or daemon sender): answering one would start a mail loop.
    `envelope_sender` is SMTP's MAIL FROM when known ("" or "<>" for the null sender of bounces)."""
    if (_raw_header(message, "Auto-Submitted") or "no").strip().lower() != "no":
        return True
    if any(_raw_header(message, header).strip() for header in ("X-Autoreply", "X-Autorespond")):
        return True
    if _raw_header(message, "Precedence").strip().lower() in _AUTOMATIC_PRECEDENCE:
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
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_text(content) if part.get_content_type() == "text/html" else content


def new_text(body: str) -> str:
    """What the customer wrote above the quoted thread, without quoted lines or a signature; one
    pass over the lines."""
    lines = []
    for line in body.replace("\r\n", "\n").split("\n"):
        if line.rstrip() == "--":  # the signature separator ("-- ")
            break
        if len(line) <= _QUOTE_HEADER_MAX_CHARS and _QUOTE_HEADER.fullmatch(line):
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


def reading(raw: bytes, *envelope_sender: str) -> dict:
    """read_reply's outcome as JSON for bot.serving.bounded_worker: {"text", "sender"}, {"dropped"}
    or {"refused"} with the reason."""
    try:
        reply = read_reply(raw, *envelope_sender)
    except NotAReply as dropped:
        return {"dropped": dropped.reason}
    except UnreadableMail as refused:
        return {"refused": refused.reason}
    return {"text": reply.text, "sender": reply.sender}
