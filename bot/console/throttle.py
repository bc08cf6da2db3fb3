"""Sign-in throttling with Flask-Limiter: failed sign-ins are counted per account and per
address; past the limit, sign-in is refused (even with the right password) until the window ends.

Counting only; the sign-in view decides what to say and writes the audit entry.
"""
from __future__ import annotations

from typing import Mapping, Optional

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from bot import settings

# Failed sign-ins allowed in the window: a person mistyping, never a password list.
PER_ACCOUNT = "5 per 15 minutes"
PER_ADDRESS = "20 per 15 minutes"
WINDOW_MINUTES = 15

limiter = Limiter(key_func=get_remote_address, headers_enabled=False)


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _account() -> str:
    return "account:" + (request.form.get("name") or "").strip().lower()[:64]


def sign_in_limits(view):
    """Decorates the sign-in view: both limits apply to POSTs, and only failures count."""
    view = limiter.limit(PER_ACCOUNT, key_func=_account, methods=["POST"], deduct_when=_failed)(view)
    return limiter.limit(PER_ADDRESS, methods=["POST"], deduct_when=_failed)(view)


def init_throttle(app: Flask, env: Mapping[str, str]) -> None:
    """Counts in Redis when `REDIS_URL` is set (shared by every web process), else in memory."""
    redis: Optional[str] = settings.redis_url(env)
    app.config.update(RATELIMIT_STORAGE_URI=redis or "memory://", RATELIMIT_KEY_PREFIX="console-sign-in")
    limiter.init_app(app)
