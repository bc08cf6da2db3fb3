"""The support console over real HTTP (waitress on a free port), on SQLite and PostgreSQL:
sign-in, every page for each role, escaping, masking, CSRF, exports and the audit log."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest
import requests
from sqlalchemy import select

from bot.complaints.policy import load_policy
from bot.insight.report import insight_report, parse_month
from bot.insight.report_file import write_report
from bot.privacy.subjects import subject_key
from bot.settings import policy_file
from bot.store import session_scope
from bot.store.models import AuditEntry, Case
from tests.console_server import PASSWORD, SCRIPT, csrf, sign_in
from tests.html_fields import field_error
from tests.trackers import customer

PAGES_FOR_EVERYONE = ["/console/queue", "/console/conversations", "/console/conversations/c-es"]
PAGES_FOR_LEADS = ["/console/figures", "/console/audit", "/console/export?kind=cases&format=csv"]


def audit(store) -> list[tuple[str, str, str | None]]:
    with session_scope(store) as session:
        return [(e.user_name, e.action, e.target) for e in session.execute(select(AuditEntry).order_by(AuditEntry.id))
                .scalars()]


@pytest.mark.parametrize("path", PAGES_FOR_EVERYONE + PAGES_FOR_LEADS)
def test_signed_out_requests_go_to_sign_in(console, path):
    response = requests.get(console + path, allow_redirects=False)
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def test_signed_out_json_and_posts_are_refused(console):
    assert requests.get(f"{console}/console/conversations/c-es/turns.json").status_code == 401
    assert requests.post(f"{console}/console/cases/1/claim").status_code == 400  # no CSRF token


def test_wrong_password_is_refused_and_audited(console, store):
    session = sign_in(console, "lena", "wrong password!")
    assert session.get(f"{console}/console/queue", allow_redirects=False).status_code == 302
    assert ("lena", "login_failed", None) in audit(store)


def test_sign_in_never_redirects_to_another_site(console):
    session = requests.Session()
    form = session.get(f"{console}/console/login?next=https://evil.example/")
    response = session.post(f"{console}/console/login?next=https://evil.example/", allow_redirects=False,
                            data={"csrf_token": csrf(form.text), "name": "ana", "password": PASSWORD})
    assert response.headers["Location"].endswith("/console/queue")


def test_an_agent_sees_queue_and_conversations_masked_but_not_lead_pages(console, store):
    agent = sign_in(console, "ana")
    for path in PAGES_FOR_EVERYONE:
        page = agent.get(console + path)
        assert page.status_code == 200 and "maria@example.es" not in page.text, path
    assert "m***@example.es" in agent.get(f"{console}/console/conversations/c-es").text
    assert "m***@example.es" in agent.get(f"{console}/console/queue").text
    for path in PAGES_FOR_LEADS:
        assert agent.get(console + path).status_code == 403, path
    assert ("ana", "view_transcript", "c-es") in audit(store)


def test_a_lead_sees_everything_unmasked_and_is_audited(console, store):
    lead = sign_in(console, "lena")
    for path in PAGES_FOR_EVERYONE + PAGES_FOR_LEADS:
        assert lead.get(console + path).status_code == 200, path
    assert "maria@example.es" in lead.get(f"{console}/console/conversations/c-es").text
    audit_page = lead.get(f"{console}/console/audit").text
    assert "view_transcript" in audit_page and "export" in audit_page
    actions = [action for name, action, _ in audit(store) if name == "lena"]
    assert {"login", "view_queue", "view_list", "view_transcript", "export"} <= set(actions)


def test_customer_text_is_shown_escaped_everywhere(console):
    lead = sign_in(console, "lena")
    for path in ["/console/queue", "/console/conversations/c-es", "/console/conversations?q=" + SCRIPT]:
        page = lead.get(console + path).text
        assert SCRIPT not in page and "&lt;script&gt;" in page, path
    turns = lead.get(f"{console}/console/conversations/c-es/turns.json?after=0").json()["turns"]
    assert SCRIPT in turns[0]["text"]  # JSON for the page's script, which inserts it with textContent


def test_the_list_filters_and_searches(console):
    lead = sign_in(console, "lena")
    assert "c-es" in lead.get(f"{console}/console/conversations?language=es").text
    assert "c-en" not in lead.get(f"{console}/console/conversations?language=es").text
    assert "c-en" in lead.get(f"{console}/console/conversations?q=hello").text
    assert "1 matching" in lead.get(f"{console}/console/conversations?handed_off=yes").text


def test_turns_json_gives_only_newer_turns(console, rasa_trackers):
    agent = sign_in(console, "ana")
    first = agent.get(f"{console}/console/conversations/c-es/turns.json?after=0").json()
    assert [t["speaker"] for t in first["turns"]] == ["customer", "bot", "system"] and first["status"] == "queued"
    rasa_trackers.add("c-es", [customer("¿hay alguien?", "ask_human", 50)])
    newer = agent.get(f"{console}/console/conversations/c-es/turns.json?after={first['last_event_id']}").json()
    assert [(t["speaker"], t["text"], t["language"]) for t in newer["turns"]] == [("customer", "¿hay alguien?", "es")]


def test_exports_as_csv_and_json(console, store):
    lead = sign_in(console, "lena")
    cases = list(csv.DictReader(io.StringIO(lead.get(f"{console}/console/export?kind=cases&format=csv").text)))
    assert {row["conversation_id"] for row in cases} == {"c-es", "c-en"}
    assert next(r for r in cases if r["conversation_id"] == "c-es")["reasons"] == "human_requested"
    lines = list(csv.DictReader(io.StringIO(
        lead.get(f"{console}/console/export?kind=transcripts&format=csv&language=es").text)))
    assert [line["speaker"] for line in lines] == ["customer", "bot", "system"]
    data = json.loads(lead.get(f"{console}/console/export?kind=all&format=json&q=hello").text)
    assert [d["conversation_id"] for d in data] == ["c-en"] and data[0]["transcript"][0]["text"] == "hello"
    assert lead.get(f"{console}/console/export?kind=all&format=csv").status_code == 400
    with session_scope(store) as session:
        exports = session.execute(select(AuditEntry).where(AuditEntry.action == "export")).scalars().all()
        assert [e.detail["conversations"] for e in exports] == [2, 1, 1]


def test_claiming_while_rasa_is_down_changes_nothing(console, store):
    agent = sign_in(console, "ana")
    with session_scope(store) as session:
        case_id = session.execute(select(Case.id).where(Case.conversation_id == "c-es")).scalar_one()
    page = agent.get(f"{console}/console/conversations/c-es")
    response = agent.post(f"{console}/console/cases/{case_id}/claim", data={"csrf_token": csrf(page.text)})
    assert "Nothing was changed: Rasa is not reachable" in response.text
    with session_scope(store) as session:
        assert session.get(Case, case_id).status == "queued"


def test_posts_without_a_csrf_token_are_refused(console, store):
    agent = sign_in(console, "ana")
    assert agent.post(f"{console}/console/cases/1/reply", data={"text": "hi"}).status_code == 400
    assert agent.post(f"{console}/console/logout").status_code == 400


def test_figures_take_a_date_range_and_ignore_a_malformed_one(console):
    lead = sign_in(console, "lena")
    page = lead.get(f"{console}/console/figures?from=2026-11-01&to=2026-11-07")
    assert page.status_code == 200 and "2026-11-01 to 2026-11-07" in page.text
    assert f"Personal data is kept {load_policy().retention_days} days" in page.text
    assert "<td>in office hours</td>" in page.text and "<td>out of office hours</td>" in page.text
    assert lead.get(f"{console}/console/figures?from=yesterday&to=<b>").status_code == 200


def test_figures_and_transcript_show_satisfaction_with_the_comment_escaped(console, store):
    now = datetime.utcnow()
    with session_scope(store) as session:
        case = session.execute(select(Case).where(Case.conversation_id == "c-es")).scalar_one()
        case.csat_asked_at, case.csat_resolved_by, case.csat_rating = now, "agent", 4
        case.csat_comment = f"muy bien {SCRIPT}"
        session.add(Case(conversation_id="c-2", language="en", category="billing", outcome="explained",
                         status="closed", csat_asked_at=now, csat_resolved_by="bot", csat_rating=2, evidence=[],
                         reasons=[]))
    lead = sign_in(console, "lena")
    today = now.date().isoformat()
    page = lead.get(f"{console}/console/figures?from={today}&to={today}").text
    assert '<strong id="csat">50.0%</strong>' in page, page[page.find('id="satisfaction"'):][:800]
    assert '<strong id="resolution-rate">50.0%</strong>' in page  # c-2 explained by the bot, c-es handed off
    table = page[page.index('id="csat-table"'):]
    assert "<td>resolved by agent</td><td>1</td><td>1</td><td>100.0%</td><td>4.00</td><td>100.0%</td>" in table
    assert "<td>language en</td><td>1</td><td>1</td><td>100.0%</td><td>2.00</td><td>0.0%</td>" in table
    transcript = lead.get(f"{console}/console/conversations/c-es").text
    assert "Satisfaction (resolved by agent): 4 / 5" in transcript and SCRIPT not in transcript
    assert "muy bien &lt;script&gt;" in transcript
    exported = list(csv.DictReader(io.StringIO(lead.get(f"{console}/console/export?kind=cases&format=csv").text)))
    row = next(r for r in exported if r["conversation_id"] == "c-es")
    assert (row["csat_resolved_by"], row["csat_rating"], row["csat_comment"]) == ("agent", "4", f"muy bien {SCRIPT}")


def test_leads_reach_the_latest_insight_report_from_the_figures_page(console, store, tmp_path):
    lead, agent = sign_in(console, "lena"), sign_in(console, "ana")
    assert "No monthly insight report yet" in lead.get(f"{console}/console/figures").text
    assert lead.get(f"{console}/console/reports/latest").status_code == 404
    with session_scope(store) as session:
        for month in ("2026-10", "2026-11"):
            write_report(insight_report(session, load_policy(), parse_month(month)), tmp_path / "reports")
    figures = lead.get(f"{console}/console/figures").text
    assert '<a href="/console/reports/latest">Latest monthly insight report (2026-11)</a>' in figures
    report = lead.get(f"{console}/console/reports/latest")
    assert report.status_code == 200 and "Complaints insight report, 2026-11" in report.text
    assert "script-src 'self' 'nonce-" in report.headers["Content-Security-Policy"]
    assert agent.get(f"{console}/console/reports/latest", allow_redirects=False).status_code in (302, 403)
    assert ("lena", "view_report", "report-2026-11.html") in audit(store)


def test_signing_in_makes_a_person_available_until_away_or_signed_out(console, store):
    ana = sign_in(console, "ana")
    queue = ana.get(f"{console}/console/queue").text
    assert 'Available now: ana</p>' in queue and '<span class="tag available">Available</span>' in queue
    ana.post(f"{console}/console/presence", data={"csrf_token": csrf(queue), "available": "no"})
    queue = ana.get(f"{console}/console/queue").text
    assert "Available now: nobody" in queue and '<span class="tag away">Away</span>' in queue
    assert ana.post(f"{console}/console/presence/heartbeat").status_code == 400, "no CSRF token, no heartbeat"
    beat = ana.post(f"{console}/console/presence/heartbeat", headers={"X-CSRFToken": csrf(queue)})
    assert beat.status_code == 200 and beat.json() == {"available": False}
    ana.post(f"{console}/console/presence", data={"csrf_token": csrf(queue), "available": "yes"})
    lena = sign_in(console, "lena")
    assert "Available now: ana, lena</p>" in lena.get(f"{console}/console/queue").text
    lena.post(f"{console}/console/logout", data={"csrf_token": csrf(lena.get(f"{console}/console/queue").text)})
    assert "Available now: ana</p>" in ana.get(f"{console}/console/queue").text
    assert {("ana", "away", None), ("ana", "available", None)} <= set(audit(store))


def test_a_transcript_shows_the_current_case_and_lists_the_earlier_ones(console, store):
    with session_scope(store) as session:
        earlier = session.execute(select(Case).where(Case.conversation_id == "c-es")).scalar_one()
        session.add(Case(conversation_id="c-es", language="es", category="billing", status="closed",
                         outcome="explained", evidence=[], reasons=[]))
        session.flush()
        earlier_reference = earlier.reference
    page = sign_in(console, "lena").get(f"{console}/console/conversations/c-es").text
    current = page[page.index("<aside"):]
    assert "Earlier cases in this conversation" in current
    assert f"{earlier_reference} · delivery · " in current and current.index("billing") < current.index("Earlier")


def test_a_lead_exports_and_erases_a_customers_data_and_both_are_audited(console, store):
    assert sign_in(console, "ana").get(f"{console}/console/privacy", allow_redirects=False).status_code in (302, 403)
    lead = sign_in(console, "lena")
    page = lead.get(f"{console}/console/privacy")
    assert page.status_code == 200 and "Conversations are kept" in page.text
    token = csrf(page.text)
    assert lead.post(f"{console}/console/privacy/export", data={"email": "maria@example.es"}).status_code == 400
    exported = lead.post(f"{console}/console/privacy/export", data={"csrf_token": token, "email": "Maria@Example.es"})
    assert exported.status_code == 200 and "attachment" in exported.headers["Content-Disposition"]
    assert [c["conversation_id"] for c in exported.json()["conversations"]] == ["c-es"]
    unchecked = lead.post(f"{console}/console/privacy/erase", data={"csrf_token": token, "email": "maria@example.es"})
    assert unchecked.status_code == 400 and lead.get(f"{console}/console/conversations/c-es").status_code == 200
    assert field_error(unchecked.text, "identity_checked") == "Check the requester's identity first, then tick the box."
    assert field_error(unchecked.text, "email") is None
    erased = lead.post(f"{console}/console/privacy/erase", data={"csrf_token": token, "email": "maria@example.es",
                                                                 "identity_checked": "y"})
    assert erased.status_code == 200 and "Erased 1 conversations" in erased.text
    assert lead.get(f"{console}/console/conversations/c-es").status_code == 404
    assert lead.get(f"{console}/console/conversations/c-en").status_code == 200
    key = subject_key("maria@example.es")
    assert [(u, a, t) for u, a, t in audit(store) if a.startswith("privacy")] == [
        ("lena", "privacy_export", key), ("lena", "privacy_erase", key)]


def test_a_lead_tries_a_policy_change_and_nothing_is_written(console, store):
    assert sign_in(console, "ana").get(f"{console}/console/whatif", allow_redirects=False).status_code in (302, 403)
    lead = sign_in(console, "lena")
    page = lead.get(f"{console}/console/whatif")
    assert page.status_code == 200 and "order_value_above: 500" in page.text, "the form starts from policy.yml"
    token = csrf(page.text)
    proposed = policy_file().read_text().replace("order_value_above: 500", "order_value_above: 40")
    assert lead.post(f"{console}/console/whatif", data={"policy": proposed}).status_code == 400  # no CSRF token
    with session_scope(store) as session:
        before = [(c.id, c.outcome, c.status) for c in session.execute(select(Case)).scalars()]
    replayed = lead.post(f"{console}/console/whatif", data={"csrf_token": token, "policy": proposed})
    assert replayed.status_code == 200
    assert f"0 cases replayed ({len(before)} without facts to decide on, left out); 0 decisions change" in replayed.text
    with session_scope(store) as session:
        assert [(c.id, c.outcome, c.status) for c in session.execute(select(Case)).scalars()] == before


@pytest.mark.parametrize("policy, status, shown", [
    ("currency: EUR\nrates: [<script>alert(1)</script>]", 400, "The proposed policy cannot be used: missing key"),
    ("just <b>words</b>", 400, "a policy file is a mapping of keys"),
    ("key: [unclosed", 400, "not YAML"),
    ("x" * 64_001, 400, "at most 64,000 characters"),
])
def test_a_bad_proposed_policy_is_refused_politely_and_escaped(console, policy, status, shown):
    lead = sign_in(console, "lena")
    token = csrf(lead.get(f"{console}/console/whatif").text)
    refused = lead.post(f"{console}/console/whatif", data={"csrf_token": token, "policy": policy})
    assert refused.status_code == status and shown in refused.text
    assert shown in field_error(refused.text, "policy"), "the error is tied to the policy field"
    assert "<script>alert(1)</script>" not in refused.text and "<b>words</b>" not in refused.text


def test_a_malformed_email_is_refused_beside_its_field(console):
    lead = sign_in(console, "lena")
    token = csrf(lead.get(f"{console}/console/privacy").text)
    refused = lead.post(f"{console}/console/privacy/export", data={"csrf_token": token, "email": "maria@@example"})
    assert refused.status_code == 400
    assert field_error(refused.text, "email") == "Give one valid email address."
    assert field_error(lead.get(f"{console}/console/privacy").text, "email") is None, "a fresh page has no error"
