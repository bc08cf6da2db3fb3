"""Signing in to the console and who may do what: Flask-Login sessions and the two roles.

Permission checks only; accounts are kept by `bot.store.accounts`.
"""
from __future__ import annotations

from functools import wraps
from typing import Any, Callable, Optional

from flask import Flask, abort, jsonify, redirect, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_required

from bot.console.services import console_services
from bot.console.sessions import user_of
from bot.console.takeover import Staff
from bot.store import session_scope


class SignedInUser(UserMixin):
    """The account behind a request; `id` is its server-side session token (bot.console.sessions)."""

    def __init__(self, name: str, role: str, token: str) -> None:
        self.id, self.name, self.role = token, name, role

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"

    @property
    def masks_personal_data(self) -> bool:
        """Agents see emails, phone and card numbers masked; leads see them (and are audited)."""
        return self.role != "lead"

    def as_staff(self) -> Staff:
        return Staff(self.name, self.role)


def _load(token: str) -> Optional[SignedInUser]:
    with session_scope(console_services().store) as session:
        user = user_of(session, token)
        return SignedInUser(user.name, user.role, token) if user else None


def _unauthorized() -> Any:
    if request.path.endswith(".json") or request.accept_mimetypes.best == "application/json":
        return jsonify(error="sign in first"), 401
    return redirect(url_for("console.login", next=request.full_path))


def init_login(app: Flask) -> None:
    manager = LoginManager(app)
    manager.session_protection = "strong"
    manager.user_loader(_load)
    manager.unauthorized_handler(_unauthorized)


def lead_only(view: Callable) -> Callable:
    """Signed in as a lead, else 403."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_lead:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
