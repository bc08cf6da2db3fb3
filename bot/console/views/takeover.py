"""Handoff pages: the queue, and claim / reply / hand back / close on a handed-off conversation.

Checks the form and the signed-in person, then calls `takeover`; every change is audited.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable, Optional

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from bot.complaints.complaint import handoff_summary
from bot.console import takeover
from bot.console.blueprint import audit_as_current_user, console
from bot.console.field_errors import flash_field_errors
from bot.console.forms import ActionForm, CloseForm, ReplyForm
from bot.console.services import console_services
from bot.handoff.email_follow_up import reply_by_email
from bot.privacy.pii import mask_personal_data
from bot.serving.rasa_api import RasaClient, RasaUnavailable
from bot.store import session_scope
from bot.store.models import Case


@console.route("/")
@login_required
def home():
    return redirect(url_for("console.queue_page"))


@console.route("/queue")
@login_required
def queue_page():
    mask = current_user.masks_personal_data
    waiting_for_email = request.args.get("waiting") == "email"
    with session_scope(console_services().store) as session:
        cases = takeover.queue(session, waiting_for_email=waiting_for_email)
        rows = [{"case": case, "summary": mask_personal_data(handoff_summary(case, case.language)) if mask
                 else handoff_summary(case, case.language),
                 "waiting": datetime.utcnow() - (case.handed_off_at or case.updated_at)} for case in cases]
        audit_as_current_user(session, "view_queue", None, shown=len(rows))
        return render_template("console/queue.html", rows=rows, action_form=ActionForm(),
                               waiting_for_email=waiting_for_email)


def _case(session: Session, case_id: int) -> Case:
    case = session.get(Case, case_id)
    if case is None or not case.conversation_id:
        abort(404)
    return case


Change = Callable[[Session, RasaClient, Case], Optional[str]]  # a note for the person when the change waits
Afterwards = Callable[[RasaClient, str], None]


def _change(case_id: int, form: FlaskForm, action: str, change: Change,
            afterwards: Optional[Afterwards] = None) -> Response:
    """Runs one change to a handed-off case; a refusal or an unreachable Rasa changes nothing.
    `afterwards` runs once the change is committed (a failure there undoes nothing), unless the
    change only asked for something (its note is shown instead)."""
    services = console_services()
    with session_scope(services.store) as session:
        conversation_id = _case(session, case_id).conversation_id
    if not form.validate_on_submit():
        problems = "; ".join(f"{form[name].label.text}: {' '.join(errors)}" for name, errors in form.errors.items())
        flash(f"Nothing was changed: {problems}.")
        flash_field_errors(form)
    else:
        try:
            with session_scope(services.store) as session:
                case = _case(session, case_id)
                waiting = change(session, services.rasa, case)
                if waiting is None:
                    audit_as_current_user(session, action, conversation_id, case=case.reference)
        except (takeover.TakeoverError, RasaUnavailable) as error:
            flash(f"Nothing was changed: {error}.")
            return redirect(url_for("console.transcript_page", conversation_id=conversation_id))
        if waiting is not None:
            flash(waiting)
        elif afterwards is not None:
            try:
                afterwards(services.rasa, conversation_id)
            except RasaUnavailable as error:
                flash(f"Done, but the customer was not asked for a rating: {error}.")
    return redirect(url_for("console.transcript_page", conversation_id=conversation_id))


@console.route("/cases/<int:case_id>/claim", methods=["POST"])
@login_required
def claim(case_id: int):
    staff = current_user.as_staff()
    return _change(case_id, ActionForm(), "claim", lambda s, rasa, case: takeover.claim(s, rasa, case, staff))


@console.route("/cases/<int:case_id>/reply", methods=["POST"])
@login_required
def reply(case_id: int):
    """The reply in the chat and, when asked, promised to the customer, or the customer has left
    the chat, by email too (bot.handoff.email_follow_up). The email goes first: when the mail server
    refuses it, nothing is said in the chat either."""
    form, staff, services = ReplyForm(), current_user.as_staff(), console_services()

    def send(session: Session, rasa: RasaClient, case: Case) -> None:
        because = reply_by_email(session, case, asked=form.by_email.data, now=datetime.utcnow())
        if because:
            where = takeover.email_reply(session, services.postbox, case, staff, form.text.data, services.mail_from,
                                         services.replies)
            audit_as_current_user(session, "reply_by_email", case.conversation_id, case=case.reference,
                                  delivered=services.postbox.delivers, via=where, because=because)
        takeover.reply(rasa, case, staff, form.text.data)

    return _change(case_id, form, "reply", send)


@console.route("/cases/<int:case_id>/hand-back", methods=["POST"])
@login_required
def hand_back(case_id: int):
    staff = current_user.as_staff()
    return _change(case_id, ActionForm(), "hand_back", lambda s, rasa, case: takeover.hand_back(rasa, case, staff))


@console.route("/cases/<int:case_id>/close", methods=["POST"])
@login_required
def close(case_id: int):
    """Closes the case, or, for an agent's goodwill above the policy's cap, asks a lead first."""
    form, staff, policy = CloseForm(), current_user.as_staff(), console_services().policy

    def close_or_ask(session: Session, rasa: RasaClient, case: Case) -> Optional[str]:
        asked = takeover.close(session, rasa, case, staff, remedy=form.remedy.data, amount=form.amount.data,
                               note=form.note.data, policy=policy)
        if asked is None:
            return None
        audit_as_current_user(session, "ask_goodwill_approval", case.conversation_id, case=case.reference,
                              remedy=asked.remedy, amount=str(asked.amount), cap=str(asked.cap))
        return (f"Sent to a lead for approval: {asked.amount} {asked.currency} of {asked.remedy} is above the "
                f"{asked.cap} {asked.currency} an agent may give alone. The case stays with you until a lead decides.")

    return _change(case_id, form, "close", close_or_ask, afterwards=takeover.ask_rating)
