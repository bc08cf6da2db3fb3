"""Where outgoing email goes: an SMTP server (`SMTP_URL`: smtp:// with STARTTLS when
`?starttls=1`, smtps:// for TLS from the start, user and password in the URL when the server asks),
or, on the embedded default, `.eml` files in the data folder's `outbox/` that nobody receives.

Sends what it is given; what to write is bot/mail/letters.py's.
"""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, unquote, urlsplit

TIMEOUT_SECONDS = 15


class MailError(RuntimeError):
    """The email could not be handed over; nothing was sent."""


@dataclass(frozen=True)
class Postbox:
    """An SMTP server (`url`), or an outbox folder when there is none."""

    url: Optional[str]
    outbox: Path

    @property
    def delivers(self) -> bool:
        """Whether email really leaves (an SMTP server), or only lands in the outbox folder."""
        return bool(self.url)

    def send(self, message: EmailMessage) -> str:
        """Hand the message over; where it went (the server's address, or the file written)."""
        if not self.url:
            return str(self._write(message))
        parts = urlsplit(self.url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise MailError("SMTP_URL must look like smtp://host:587?starttls=1 or smtps://host:465")
        secure = ssl.create_default_context()
        server: smtplib.SMTP  # SMTP_SSL is one
        try:
            if parts.scheme == "smtps":
                server = smtplib.SMTP_SSL(parts.hostname, parts.port or 465, timeout=TIMEOUT_SECONDS, context=secure)
            else:
                server = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=TIMEOUT_SECONDS)
            with server:
                if parts.scheme == "smtp" and parse_qs(parts.query).get("starttls") == ["1"]:
                    server.starttls(context=secure)
                if parts.username:
                    server.login(unquote(parts.username), unquote(parts.password or ""))
                server.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(f"the mail server did not take the email: {error.__class__.__name__}") from error
        return f"{parts.hostname}:{parts.port or (465 if parts.scheme == 'smtps' else 25)}"

    def _write(self, message: EmailMessage) -> Path:
        self.outbox.mkdir(parents=True, exist_ok=True)
        stamp = datetime.utcnow().strftime("%Y%m%dT%H%M%S%f")
        path = self.outbox / f"{stamp}.eml"
        path.write_bytes(bytes(message))
        return path
