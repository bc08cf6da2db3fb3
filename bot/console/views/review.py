"""Review pages: the conversations list, a transcript with its case, figures, exports, audit log.

Reads only (besides the audit entries); taking a conversation over is in `bot.console.views.takeover`.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Optional

from flask import Response, abort, jsonify, render_template, request, send_file, stream_with_context
from flask_login import current_user, login_required
from sqlalchemy.orm import Session

from bot.complaints.approvals import pending_for
from bot.complaints.cases import Status, conversation_case, conversation_cases
from bot.console.auth import lead_only
from bot.console.blueprint import audit_as_current_user, console
from bot.console.charts import bar_chart
from bot.console.conversation_index import sync
from bot.console.conversation_query import OUTCOMES, Filters, find_page
from bot.console.export import Export
from bot.console.figures import figures
from bot.console.forms import ActionForm, CloseForm, ReplyForm
from bot.console.query_params import parse_date, parse_whole_number
from bot.console.services import console_services
from bot.console.transcript import case_view, turns
from bot.handoff.email_follow_up import answer_address
from bot.handoff.reply_times import first_reply_times
from bot.handoff.widget_presence import customer_present
from bot.insight.report_file import latest_report
from bot.insight.satisfaction_figures import satisfaction_figures
from bot.remedies.pending import case_remedies
from bot.store import audit, session_scope
from bot.store.models import Case
from bot.store.tracker_events import conversation_events, language_up_to

PER_PAGE = 50
EXPORTS = {("cases", "csv"): ("cases_csv", "text/csv"), ("transcripts", "csv"): ("transcripts_csv", "text/csv"),
           ("all", "json"): ("json", "application/json")}


@console.route("/conversations")
@login_required
def conversations_page():
    services = console_services()
    filters = Filters.from_args(request.args)
    with session_scope(services.store) as session:
        sync(services.tracker, session)
        page = find_page(session, filters, older_than=request.args.get("older"),
                         newer_than=request.args.get("newer"), per_page=PER_PAGE)
        audit_as_current_user(session, "view_list", None, filters=filters.as_args(), shown=len(page.rows))
        return render_template("console/conversations.html", page=page, filters=filters, args=filters.as_args(),
                               outcomes=OUTCOMES, categories=sorted(services.policy.categories))


@console.route("/conversations/<path:conversation_id>")
@login_required
def transcript_page(conversation_id: str):
    services = console_services()
    events = conversation_events(services.tracker, conversation_id)
    with session_scope(services.store) as session:
        cases = conversation_cases(session, conversation_id)
        case = cases[-1] if cases else None
        if not events and case is None:
            abort(404)
        mask = current_user.masks_personal_data
        audit_as_current_user(session, "view_transcript", conversation_id, masked=mask)
        return render_template(
            "console/transcript.html", conversation_id=conversation_id, turns=turns(events, mask=mask),
            case=case_view(case, mask=mask) if case else None, case_id=case.id if case else None,
            earlier_cases=cases[:-1],
            last_event_id=events[-1].id if events else 0, action_form=ActionForm(), reply_form=ReplyForm(),
            mail_delivers=services.postbox.delivers,
            customer_here=customer_present(session, conversation_id, datetime.utcnow()),
            address_only_given=_address_only_given(session, case),
            waiting_approval=pending_for(session, case.id) if case else None,
            shop_remedies=case_remedies(session, case.id) if case else [],
            close_form=CloseForm(), holds=bool(case and case.status == Status.CLAIMED
                                               and (case.agent == current_user.name or current_user.is_lead)))


def _address_only_given(session: Session, case: Optional[Case]) -> bool:
    """Whether the case is answered by email at an address the customer gave but did not prove
    for its order (the agent must then name nothing about the order)."""
    address = answer_address(session, case) if case is not None else None
    return address is not None and not address.proven


@console.route("/conversations/<path:conversation_id>/turns.json")
@login_required
def turns_since(conversation_id: str):
    """New turns after `after` (an event id): the transcript page polls this to show messages live."""
    after = parse_whole_number(request.args.get("after"), 0)
    services = console_services()
    newer = conversation_events(services.tracker, conversation_id, after_id=after)
    language = language_up_to(services.tracker, conversation_id, after)
    result = turns(newer, mask=current_user.masks_personal_data, language=language)
    with session_scope(services.store) as session:
        case = conversation_case(session, conversation_id)
        status = {"status": case.status, "agent": case.agent} if case else {}
        if result:  # a poll that brings nothing new shows nothing: no entry for it
            audit_as_current_user(session, "view_transcript", conversation_id,
                                  masked=current_user.masks_personal_data, live_turns=len(result))
    return jsonify(turns=[t.to_dict() for t in result], last_event_id=newer[-1].id if newer else after, **status)


@console.route("/figures")
@lead_only
def figures_page():
    services = console_services()
    today = date.today()
    start = parse_date(request.args.get("from")) or today - timedelta(days=27)
    end = parse_date(request.args.get("to")) or today
    if end < start or (end - start).days > 366:
        start, end = end - timedelta(days=27), end
    with session_scope(services.store) as session:
        sync(services.tracker, session)
        data = figures(session, services.policy, start, end)
        satisfaction = satisfaction_figures(session, start, end)
        reply_times = first_reply_times(session, services.policy.office_hours, start, end)
    outcomes = sorted({o for c in data.outcomes_by_language.values() for o in c})
    charts = [
        bar_chart("Conversations per day, by language", data.days, data.conversations_per_day),
        bar_chart("Outcome mix by language (cases)", outcomes,
                  {lang: [c[o] for o in outcomes] for lang, c in data.outcomes_by_language.items()}, stacked=False),
        bar_chart("Handoff rate by category", sorted(data.handoff_rate_by_category),
                  {"handoff rate": [round(100 * data.handoff_rate_by_category[k])
                                    for k in sorted(data.handoff_rate_by_category)]}, unit="%"),
        bar_chart(f"Goodwill cost per week ({data.currency}), by language", data.weeks,
                  data.goodwill_per_week_by_language),
        bar_chart(f"Goodwill cost per week ({data.currency}), by category", data.weeks,
                  data.goodwill_per_week_by_category),
    ]
    return render_template("console/figures.html", data=data, charts=charts, start=start, end=end,
                           outcomes=outcomes, satisfaction=satisfaction, reply_times=reply_times,
                           report=latest_report(services.reports),
                           retention_days=services.policy.retention_days)


@console.route("/reports/latest")
@lead_only
def latest_report_page():
    """The newest monthly insight report, as written by `python -m bot report`."""
    path = latest_report(console_services().reports)
    if path is None:
        abort(404)
    with session_scope(console_services().store) as session:
        audit_as_current_user(session, "view_report", path.name)
    return send_file(path, mimetype="text/html")


@console.route("/export")
@lead_only
def export():
    kind, fmt = request.args.get("kind", "cases"), request.args.get("format", "csv")
    if (kind, fmt) not in EXPORTS:
        abort(400)
    method, mimetype = EXPORTS[(kind, fmt)]
    services = console_services()
    filters = Filters.from_args(request.args)

    def body():
        with session_scope(services.store) as session:
            sync(services.tracker, session)
            job = Export(session, services.tracker, filters, mask=current_user.masks_personal_data)
            yield from getattr(job, method)()
            audit_as_current_user(session, "export", f"{kind}.{fmt}", filters=filters.as_args(),
                                  conversations=job.count)

    filename = f"{kind}-{date.today().isoformat()}.{fmt}"
    return Response(stream_with_context(body()), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@console.route("/audit")
@lead_only
def audit_page():
    page = parse_whole_number(request.args.get("page"), 1, minimum=1)
    with session_scope(console_services().store) as session:
        entries, total = audit.entries(session, page=page)
        return render_template("console/audit.html", entries=entries, total=total, page=page,
                               pages=(total + 49) // 50)
