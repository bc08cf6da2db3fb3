"""The approval queue for leads: goodwill an agent asked for above the policy's caps, approved (the
case is closed with it) or refused (the case stays with the agent). Every decision is audited with
who asked and who decided.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from bot.complaints.approvals import approvals
from bot.console import takeover
from bot.console.auth import lead_only
from bot.console.blueprint import audit_as_current_user, console
from bot.console.forms import ActionForm
from bot.console.services import console_services
from bot.serving.rasa_api import RasaUnavailable
from bot.store import session_scope
from bot.store.models import Approval


@console.route("/approvals")
@lead_only
def approvals_page():
    with session_scope(console_services().store) as session:
        rows = approvals(session)
        audit_as_current_user(session, "view_approvals", None, shown=len(rows))
        return render_template("console/approvals.html", rows=rows, action_form=ActionForm())


@console.route("/approvals/<int:approval_id>/<any(approve, refuse):decision>", methods=["POST"])
@lead_only
def decide_approval(approval_id: int, decision: str):
    services, lead = console_services(), current_user.as_staff()
    if not ActionForm().validate_on_submit():
        abort(400)
    closed = None
    try:
        with session_scope(services.store) as session:
            if session.get(Approval, approval_id) is None:
                abort(404)
            if decision == "approve":
                approval = takeover.approve(session, services.rasa, approval_id, lead)
                closed = approval.case.conversation_id
            else:
                approval = takeover.refuse(session, approval_id, lead)
            audit_as_current_user(session, f"{decision}_goodwill", approval.case.conversation_id,
                                  case=approval.case.reference, requested_by=approval.requested_by,
                                  remedy=approval.remedy, amount=str(approval.amount), currency=approval.currency)
            flash(f"{approval.case.reference}: {approval.remedy} of {approval.amount} {approval.currency} "
                  f"{'approved; the case is closed' if closed else 'refused; the case stays with the agent'}.")
    except (takeover.TakeoverError, RasaUnavailable) as error:
        flash(f"Nothing was changed: {error}.")
    if closed:
        try:
            takeover.ask_rating(services.rasa, closed)
        except RasaUnavailable as error:
            flash(f"Done, but the customer was not asked for a rating: {error}.")
    return redirect(url_for("console.approvals_page"))
