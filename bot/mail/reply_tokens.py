"""Per-case reply addresses: `reply+<case id>.<expiry>.<signature>@<reply domain>`. An email to one
comes back into that case; a forged, altered or expired one is refused (bot/mail/ingress.py).

The signature is an HMAC over the case and the expiry with this deployment's reply key, in lowercase
hex, because mail servers may change the case of an address's local part.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Mapping

from bot import settings

REPLY_DAYS = 30  # how long a customer can answer an email about their case
_ADDRESS = re.compile(r"^reply\+(\d{1,12})\.(\d{1,12})\.([0-9a-f]{24})@([a-z0-9.-]{1,253})$")


class ReplyAddressError(ValueError):
    """Not a reply address this deployment issued, or one past its expiry; `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _signature(key: str, case_id: int, expires: int) -> str:
    return hmac.new(key.encode(), f"reply:{case_id}:{expires}".encode(), hashlib.sha256).hexdigest()[:24]


def _epoch(moment: datetime) -> int:
    return int(moment.replace(tzinfo=timezone.utc).timestamp())


@dataclass(frozen=True)
class ReplyAddresses:
    """This deployment's reply addresses: signed with `key`, at `domain`."""

    key: str
    domain: str

    @classmethod
    def from_settings(cls, env: Mapping[str, str] = os.environ) -> "ReplyAddresses":
        """`MAIL_REPLY_SECRET` (else a secret kept in the data folder) at `MAIL_REPLY_DOMAIN`."""
        return cls(settings.mail_reply_secret(env), settings.mail_reply_domain(env))

    def for_case(self, case_id: int, now: datetime) -> str:
        """The address a customer answers to about case `case_id`, valid for REPLY_DAYS from `now` (UTC)."""
        expires = _epoch(now + timedelta(days=REPLY_DAYS))
        return f"reply+{case_id}.{expires}.{_signature(self.key, case_id, expires)}@{self.domain.lower()}"

    def case_of(self, address: object, now: datetime) -> int:
        """The case id a reply address stands for; ReplyAddressError when it is malformed or for
        another domain ("malformed"), forged or altered ("forged"), or expired ("expired")."""
        if not isinstance(address, str) or len(address) > 320:
            raise ReplyAddressError("malformed")
        match = _ADDRESS.match(address.strip().strip("<>").lower())
        if match is None or match.group(4) != self.domain.lower():
            raise ReplyAddressError("malformed")
        case_id, expires, signature = int(match.group(1)), int(match.group(2)), match.group(3)
        if not hmac.compare_digest(signature, _signature(self.key, case_id, expires)):
            raise ReplyAddressError("forged")
        if _epoch(now) > expires:
            raise ReplyAddressError("expired")
        return case_id
