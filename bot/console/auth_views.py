"""Sign in and sign out pages.

Only checks credentials and starts or ends the session; roles are enforced in `auth`.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from bot.console import audit
from bot.console.auth import SignedInUser
from bot.console.blueprint import audit_as_current_user, console
from bot.console.forms import ActionForm, LoginForm
from bot.console.services import console_services
from bot.console.users import authenticate
from bot.store import session_scope


def _safe_next(target: str | None) -> str:
    """Only a path on this site, never another host (no open redirect)."""
    parts = urlsplit(target or "")
    if target and not parts.scheme and not parts.netloc and target.startswith("/console"):
        return target
    return url_for("console.queue_page")


@console.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        with session_scope(console_services().store) as session:
            user = authenticate(session, form.name.data, form.password.data)
            if user is None:
                audit.record(session, form.name.data.strip()[:64] or "?", "-", "login_failed")
            else:
                audit.record(session, user.name, user.role, "login")
                login_user(SignedInUser(user.name, user.role))
                return redirect(_safe_next(request.args.get("next")))
        flash("Wrong name or password.")
        return render_template("console/login.html", form=form), 401
    return render_template("console/login.html", form=form)


@console.route("/logout", methods=["POST"])
@login_required
def logout():
    if ActionForm().validate_on_submit():
        with session_scope(console_services().store) as session:
            audit_as_current_user(session, "logout")
        logout_user()
    return redirect(url_for("console.login"))
