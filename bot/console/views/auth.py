"""Sign in and sign out pages.

Only checks credentials and starts or ends the session; roles are enforced in `auth`.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from bot.console.auth import SignedInUser
from bot.console.blueprint import audit_as_current_user, console
from bot.console.forms import ActionForm, LoginForm
from bot.console.services import console_services
from bot.console.sessions import close_session, open_session
from bot.console.throttle import WINDOW_MINUTES, sign_in_limits
from bot.handoff.presence import set_available
from bot.store import audit, session_scope
from bot.store.accounts import authenticate


def _safe_next(target: str | None) -> str:
    """Only a path on this site, never another host (no open redirect) nor a header break."""
    parts = urlsplit(target or "")
    if (target and not parts.scheme and not parts.netloc and target.startswith("/console")
            and target.isprintable() and "\\" not in target):
        return target
    return url_for("console.queue_page")


def _claimed_name() -> str:
    return (request.form.get("name") or "").strip()[:64] or "?"


@console.route("/login", methods=["GET", "POST"])
@sign_in_limits
def login():
    form = LoginForm()
    if form.validate_on_submit():
        with session_scope(console_services().store) as session:
            user = authenticate(session, form.name.data, form.password.data)
            if user is None:
                audit.record(session, _claimed_name(), "-", "login_failed", address=request.remote_addr)
            else:
                audit.record(session, user.name, user.role, "login", address=request.remote_addr)
                token = open_session(session, user)
                set_available(session, user.name, True)  # signing in is being there; "Away" says otherwise
                login_user(SignedInUser(user.name, user.role, token))
                return redirect(_safe_next(request.args.get("next")))
        flash("Wrong name or password.")
        return render_template("console/login.html", form=form), 401
    return render_template("console/login.html", form=form)


@console.app_errorhandler(429)
def too_many_sign_ins(_error):
    """Past a sign-in limit: a clear message, and an audit entry naming the account tried."""
    with session_scope(console_services().store) as session:
        audit.record(session, _claimed_name(), "-", "login_locked", address=request.remote_addr)
    flash(f"Too many failed sign-ins for this account or from this address. Sign-in is locked for up to "
          f"{WINDOW_MINUTES} minutes; a lead can help if you have forgotten your password.")
    return render_template("console/login.html", form=LoginForm()), 429


@console.route("/logout", methods=["POST"])
@login_required
def logout():
    """Ends the session on the server too: a copy of the old cookie no longer signs anyone in."""
    if ActionForm().validate_on_submit():
        with session_scope(console_services().store) as session:
            audit_as_current_user(session, "logout")
            set_available(session, current_user.name, False)
            close_session(session, current_user.id)
        logout_user()
    return redirect(url_for("console.login"))
