"""A verified email kept recoverable but not readable at rest: sealed (encrypted, Fernet) for a
later follow-up by email, and a keyed digest to find it again without opening it.

The key is `BOT_EMAIL_KEY`, else a secret file in the data folder made on first use; several
instances must share it (set the variable).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet

from bot import settings


@lru_cache(maxsize=None)
def _key(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def _normal(email: str) -> bytes:
    return email.strip().lower().encode()


def seal(email: str) -> str:
    """The email, encrypted."""
    return Fernet(base64.urlsafe_b64encode(_key(settings.email_key()))).encrypt(_normal(email)).decode()


def unseal(sealed: str) -> str:
    """A sealed email, readable again."""
    return Fernet(base64.urlsafe_b64encode(_key(settings.email_key()))).decrypt(sealed.encode()).decode()


def email_digest(email: str) -> str:
    """The same for the same email (any case), and useless without the key."""
    return keyed_digest(_normal(email).decode())


def keyed_digest(value: str) -> str:
    """The same for the same value, and useless without the key: for counting or finding a personal
    value (an email, a client's address) without keeping it."""
    return hmac.new(_key(settings.email_key()), value.encode(), hashlib.sha256).hexdigest()
