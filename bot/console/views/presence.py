"""Presence in the console: signing in makes a person available, signing out or "Away" does not,
and an open page renews it (bot/console/static/presence.js). Every change is audited.

Checks the form and the signed-in person, then calls bot.handoff.presence.
"""
from __future__ import annotations

from flask import jsonify, redirect, request, url_for
from flask_login import current_user, login_required

from bot.console.blueprint import audit_as_current_user, console
from bot.console.forms import ActionForm
from bot.console.services import console_services
from bot.handoff.presence import HEARTBEAT_SECONDS, available_people, heartbeat, set_available
from bot.store import session_scope


@console.app_context_processor
def presence_in_pages() -> dict:
    """Whether the signed-in person is available (the header's switch), and who is."""
    if not current_user.is_authenticated:
        return {}
    with session_scope(console_services().store) as session:
        people = available_people(session)
    return {"available_now": people, "i_am_available": current_user.name in people,
            "heartbeat_seconds": HEARTBEAT_SECONDS}


@console.route("/presence", methods=["POST"])
@login_required
def presence():
    """Available or away, as the person chose in the header."""
    if ActionForm().validate_on_submit():
        available = request.form.get("available") == "yes"
        with session_scope(console_services().store) as session:
            set_available(session, current_user.name, available)
            audit_as_current_user(session, "available" if available else "away")
    target = request.referrer or ""
    return redirect(target if target.startswith(request.host_url + "console/") else url_for("console.queue_page"))


@console.route("/presence/heartbeat", methods=["POST"])
@login_required
def presence_heartbeat():
    """An open console page says its person is still there (CSRF-checked like every POST)."""
    with session_scope(console_services().store) as session:
        return jsonify(available=heartbeat(session, current_user.name))
