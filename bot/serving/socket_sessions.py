"""Widget sessions a stranger cannot take over: the widget keeps a session token that only this
server issues, and the conversation id Rasa stores is derived from it, so knowing a conversation id
(from a console URL, an export or a log) gives no way into that chat.

Signing and deriving only; the socket.io channel (bot.serving.channels.socketio) binds each socket to its session.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

CONVERSATION_PREFIX = "w-"


def _mac(key: str, purpose: str, value: str) -> str:
    return hmac.new(key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def issue_token(key: str) -> str:
    """A new session token: 192 random bits and this server's signature over them."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_mac(key, 'token', nonce)}"


def valid_token(key: str, token: object) -> bool:
    """True only for a token this server issued (with this key)."""
    if not isinstance(token, str) or token.count(".") != 1 or len(token) > 100:
        return False
    nonce, signature = token.split(".")
    return hmac.compare_digest(signature, _mac(key, "token", nonce))


def conversation_id(key: str, token: str) -> str:
    """Rasa's sender id for a session token: one-way, so it cannot be turned back into the token."""
    return CONVERSATION_PREFIX + _mac(key, "conversation", token)
