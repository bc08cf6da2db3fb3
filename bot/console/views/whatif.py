"""Policy what-if, for support leads: a proposed policy file replayed over the past cases
(bot/insight/whatif.py). Reads only: nothing is written, so nothing is audited.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

import yaml
from flask import render_template

from bot.complaints.policy import Policy, PolicyError, parse_policy
from bot.console.auth import lead_only
from bot.console.blueprint import console
from bot.console.forms import WhatIfForm
from bot.console.services import console_services
from bot.insight.whatif import WhatIf, past_cases, replay
from bot.settings import policy_file
from bot.store import session_scope


def _page(form: WhatIfForm, status: int = 200, result: Optional[WhatIf] = None,
          error: Optional[str] = None, field: str = "policy") -> tuple[str, int]:
    """The page; an `error` is said at the top and beside the `field` it is about."""
    return render_template("console/whatif.html", form=form, result=result, error=error,
                           field_errors={field: error} if error else {}), status


def _proposed(text: str) -> Policy:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as problem:
        raise PolicyError(f"not YAML: {getattr(problem, 'problem', None) or 'unreadable'}") from None
    if not isinstance(raw, dict):
        raise PolicyError("a policy file is a mapping of keys (currency, rates, handoff, categories, …)")
    return parse_policy(raw)


@console.route("/whatif", methods=["GET", "POST"])
@lead_only
def whatif_page():
    form = WhatIfForm()
    if not form.is_submitted():
        form.policy.data = policy_file().read_text(encoding="utf-8")
        return _page(form)
    if not form.validate():
        return _page(form, 400, error="Paste a policy file (at most 64,000 characters) and, if you like, a day.",
                     field=next(iter(form.errors)))
    try:
        proposed = _proposed(form.policy.data)
    except PolicyError as problem:
        return _page(form, 400, error=f"The proposed policy cannot be used: {problem}")
    services = console_services()
    since = datetime.combine(form.since.data, datetime.min.time()) if form.since.data else None
    with session_scope(services.store) as session:
        result = replay(past_cases(session, since), services.policy, proposed)
        session.rollback()  # a what-if writes nothing
    return _page(form, result=result)
