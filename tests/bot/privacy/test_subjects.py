"""A customer's data exported and erased, and the retention purge, on SQLite and PostgreSQL with
conversations saved by Rasa's own tracker store."""
import json
from datetime import timedelta

from sqlalchemy import select

from bot.complaints.cases import conversation_case
from bot.complaints.complaint import answer_offer
from bot.handoff.email_follow_up import answer_address, consent_to_email
from bot.handoff.widget_presence import customer_present, widget_connected
from bot.insight.satisfaction import ResolvedBy, ask_for_rating, record_comment, record_rating
from bot.privacy.forgetting import FORGOTTEN
from bot.privacy.retention import purge
from bot.privacy.subjects import erase_subject, export_subject, subject_key
from bot.store import make_engine, session_scope
from bot.store.models import AuditEntry, Case, GoodwillGrant, TrackingUpdate
from bot.store.tracker_events import conversation_events
from tests.bot.complaints.test_complaint import run
from tests.bot.test_cli import cli
from tests.trackers import START, bot, customer

ALICE = "alice@example.com"  # owner of ORD-10001


def alice_complains(demo_store, policy, rasa_trackers):
    """Alice's conversation (her email and phone saved masked, as the product's tracker store saves
    them; the email proven for her order sealed in our store) and her accepted refund."""
    rasa_trackers.add("c-alice", [customer("my parcel never came", "complain_delivery", 0),
                                  bot("Which email did you use?", 1),
                                  customer("A***@Example.com, call me on [phone]", "provide_email", 2)])
    rasa_trackers.add("c-other", [customer("hello, my mug is broken", "complain_damaged", 0)])
    offer = run(demo_store, policy, "ORD-10001", "delivery", conversation="c-alice")
    with session_scope(demo_store) as session:
        answer_offer(session, policy, conversation_id="c-alice", case_reference=offer.case_reference,
                     language="en", accepted=True)
        case = conversation_case(session, "c-alice")
        ask_for_rating(case, ResolvedBy.BOT, START)
        record_rating(case, 5, START)
        record_comment(case, "Lovely, thanks Alice here")
    return offer.case_reference


def test_export_gives_everything_held_about_the_email(demo_store, policy, rasa_trackers):
    reference = alice_complains(demo_store, policy, rasa_trackers)
    with session_scope(demo_store) as session:
        data = export_subject(session, rasa_trackers.engine, "ALICE@example.com")
    assert [c["reference"] for c in data["customers"]] == ["CU-1001"]
    assert [c["case"] for c in data["cases"]] == [reference] and data["cases"][0]["details"] == "it went wrong"
    assert (data["cases"][0]["csat_rating"], data["cases"][0]["csat_comment"]) == (5, "Lovely, thanks Alice here")
    assert [(g["remedy"], g["amount"]) for g in data["goodwill"]] == [("refund", "45.00")]
    [conversation] = data["conversations"]
    assert conversation["conversation_id"] == "c-alice"
    assert "A***@Example.com, call me on [phone]" in [m["text"] for m in conversation["messages"]]
    assert [(v["conversation_id"], v["order"], v["email"]) for v in data["verified_emails"]] == [
        ("c-alice", "ORD-10001", ALICE)]
    json.dumps(data)  # ready for JSON as it is


def test_erase_deletes_the_conversations_and_keeps_the_books_without_the_person(demo_store, policy,
                                                                                rasa_trackers):
    alice_complains(demo_store, policy, rasa_trackers)
    with session_scope(demo_store) as session:
        widget_connected(session, "sid-alice", "c-alice", START)
        widget_connected(session, "sid-other", "c-other", START)
    with session_scope(demo_store) as session:
        erased = erase_subject(session, rasa_trackers.engine, ALICE)
    assert (erased.conversations, erased.cases, erased.grants) == (1, 1, 1) and erased.tracker_events >= 3
    assert conversation_events(rasa_trackers.engine, "c-alice") == []
    assert conversation_events(rasa_trackers.engine, "c-other") != []  # someone else's stays
    with session_scope(demo_store) as session:
        assert conversation_case(session, "c-alice") is None
        assert not customer_present(session, "c-alice", START) and customer_present(session, "c-other", START)
        case = session.execute(select(Case).where(Case.conversation_id.like(f"{FORGOTTEN}%"))).scalar_one()
        assert (case.category, case.outcome, case.remedy, str(case.amount)) == ("delivery", "goodwill", "refund",
                                                                               "45.00")
        assert (case.customer_id, case.order_id, case.details, case.evidence) == (None, None, None, [])
        assert (case.csat_rating, case.csat_comment) == (5, None), "the rating stays for the figures, not the words"
        grant = session.execute(select(GoodwillGrant).where(GoodwillGrant.case_id == case.id)).scalar_one()
        assert (grant.customer_id, str(grant.amount)) == (None, "45.00")
        again = erase_subject(session, rasa_trackers.engine, ALICE)
        left = export_subject(session, rasa_trackers.engine, ALICE)
    assert (again.conversations, again.cases) == (0, 0)
    assert left["cases"] == [] and left["conversations"] == [] and left["goodwill"] == []
    assert left["verified_emails"] == []


def test_purge_forgets_what_is_older_than_the_retention_and_runs_twice_safely(demo_store, policy, rasa_trackers):
    alice_complains(demo_store, policy, rasa_trackers)  # conversations dated START (1 November 2026)
    open_offer = run(demo_store, policy, "ORD-10003", "billing", conversation="c-open")
    rasa_trackers.add("c-open", [customer("charged twice", "complain_billing", 0)])
    later = START + timedelta(days=policy.retention_days + 1)
    with session_scope(demo_store) as session:
        for case in session.execute(select(Case)).scalars():
            case.updated_at = START
    with session_scope(demo_store) as session:
        first = purge(session, rasa_trackers.engine, policy.retention_days, now=later)
        second = purge(session, rasa_trackers.engine, policy.retention_days, now=later)
        kept = conversation_case(session, "c-open")
    assert first.conversations == 2 and first.cases >= 1 and (second.conversations, second.cases) == (0, 0)
    assert conversation_events(rasa_trackers.engine, "c-alice") == []
    assert conversation_events(rasa_trackers.engine, "c-open") != [], "an open case keeps its conversation"
    assert kept.reference == open_offer.case_reference and kept.status == "offered"
    with session_scope(demo_store) as session:
        recent = purge(session, rasa_trackers.engine, policy.retention_days, now=START + timedelta(days=1))
    assert (recent.conversations, recent.cases) == (0, 0)


def test_the_command_line_audits_without_the_email(tmp_path):
    assert cli(tmp_path, "seed-demo").returncode == 0
    exported = cli(tmp_path, "privacy", "export", "--email", "kate@example.com")
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["customers"][0]["email"] == "kate@example.com"
    assert "erased 0 conversations" in cli(tmp_path, "privacy", "erase", "--email", "kate@example.com").stdout
    assert "forgot 0 conversations" in cli(tmp_path, "privacy", "purge").stdout
    assert cli(tmp_path, "privacy", "erase", "--email", "not-an-email").returncode == 2
    with session_scope(make_engine(f"sqlite:///{tmp_path / 'records.db'}")) as session:
        entries = [(e.action, e.target) for e in session.execute(select(AuditEntry).order_by(AuditEntry.id))
                   .scalars()]
    assert entries == [("privacy_export", subject_key("kate@example.com")),
                       ("privacy_erase", subject_key("kate@example.com")), ("privacy_purge", None)]
    assert all("kate" not in str(target) for _, target in entries)


def test_an_address_given_only_for_an_answer_is_found_exported_and_erased(demo_store, rasa_trackers):
    """A customer who proved no order but gave an address to be answered at (rasa's saved words
    keep it masked, so only its digest on the case finds it)."""
    rasa_trackers.add("c-night", [customer("I want a person", "request_human", 0)])
    with session_scope(demo_store) as session:
        case = Case(conversation_id="c-night", language="en", status="queued", outcome="handoff", evidence=[],
                    reasons=[])
        session.add(case)
        session.flush()
        consent_to_email(session, case, "Night.Owl@example.org", START)
        reference = case.reference
    with session_scope(demo_store) as session:
        data = export_subject(session, rasa_trackers.engine, "night.owl@EXAMPLE.org")
        assert [(c["case"], c["email_given_for_answers"]) for c in data["cases"]] == [(reference,
                                                                                       "night.owl@example.org")]
        assert [c["conversation_id"] for c in data["conversations"]] == ["c-night"]
        erased = erase_subject(session, rasa_trackers.engine, "night.owl@example.org")
    assert (erased.conversations, erased.cases) == (1, 1)
    with session_scope(demo_store) as session:
        case = session.execute(select(Case).where(Case.conversation_id.like(f"{FORGOTTEN}%"))).scalar_one()
        assert (case.follow_up_email_sealed, case.follow_up_email_digest) == (None, None)
        assert answer_address(session, case) is None


def test_purge_forgets_tracking_updates_older_than_the_retention(demo_store, policy, rasa_trackers):
    with session_scope(demo_store) as session:
        for event_id, received in (("ours:old", START), ("ours:new", START + timedelta(days=policy.retention_days))):
            session.add(TrackingUpdate(event_id=event_id, tracking="SE1", received_at=received, scans=[],
                                       proof={"kind": "signature", "captured_at": "2026-11-01T10:00:00",
                                              "detail": "signed by M. Sánchez", "certified": True}))
    with session_scope(demo_store) as session:
        done = purge(session, rasa_trackers.engine, policy.retention_days,
                     now=START + timedelta(days=policy.retention_days + 1))
        left = list(session.execute(select(TrackingUpdate.event_id)).scalars())
    assert done.tracking_updates == 1 and left == ["ours:new"]
