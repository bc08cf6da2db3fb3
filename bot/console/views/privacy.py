"""A customer's data requests, for support leads: export everything held about an email as JSON,
or erase it (docs/privacy.md). Both go through bot.privacy and are audited under the lead's name.
"""
from __future__ import annotations

import json
from datetime import date

from flask import Response, render_template
from flask_login import current_user

from bot.console.auth import lead_only
from bot.console.blueprint import console
from bot.console.forms import PrivacyForm
from bot.console.services import console_services
from bot.orders.lookup import parse_email
from bot.privacy.requests import audited_erasure, audited_export
from bot.store import session_scope


def _page(form: PrivacyForm, status: int = 200, **shown) -> tuple[str, int]:
    return render_template("console/privacy.html", form=form,
                           retention_days=console_services().policy.retention_days, **shown), status


def _refused(form: PrivacyForm, field: str, error: str) -> tuple[str, int]:
    """The page again with `error`, said at the top and beside the field it is about."""
    return _page(form, 400, error=error, field_errors={field: error})


def _email(form: PrivacyForm) -> str | None:
    email = parse_email(form.email.data or "") if form.validate_on_submit() else None
    return email if email and email == (form.email.data or "").strip().lower() else None


@console.route("/privacy")
@lead_only
def privacy_page():
    return _page(PrivacyForm())


@console.route("/privacy/export", methods=["POST"])
@lead_only
def privacy_export():
    form = PrivacyForm()
    email = _email(form)
    if email is None:
        return _refused(form, "email", "Give one valid email address.")
    services = console_services()
    with session_scope(services.store) as session:
        data = audited_export(session, services.tracker, email, current_user.name, current_user.role)
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="data-request-{date.today()}.json"'})


@console.route("/privacy/erase", methods=["POST"])
@lead_only
def privacy_erase():
    form = PrivacyForm()
    email = _email(form)
    if email is None:
        return _refused(form, "email", "Give one valid email address.")
    if not form.identity_checked.data:
        return _refused(form, "identity_checked", "Check the requester's identity first, then tick the box.")
    services = console_services()
    with session_scope(services.store) as session:
        erased = audited_erasure(session, services.tracker, email, current_user.name, current_user.role)
    return _page(PrivacyForm(formdata=None), erased=erased)
