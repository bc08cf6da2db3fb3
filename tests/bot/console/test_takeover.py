"""Case handling by people, with a recording stand-in for Rasa's API (the real API is exercised in
tests/e2e/test_takeover.py and tests/browser/test_console.py)."""
import email
from datetime import datetime, timedelta
from decimal import Decimal
from email import policy as email_policy
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.complaints.approvals import staff_cap
from bot.console import takeover
from bot.console.takeover import Staff, TakeoverError
from bot.mail.postbox import Postbox
from bot.mail.reply_tokens import ReplyAddresses
from bot.orders.identity import Identity, give_email
from bot.serving.rasa_api import RasaUnavailable
from bot.store import session_scope
from bot.store.models import Case, GoodwillGrant, Order

ANA, BEA, LEAD = Staff("ana", "agent"), Staff("bea", "agent"), Staff("lena", "lead")
REPLIES = ReplyAddresses("a reply key for the tests", "replies.example.com")


class RecordingRasa:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple] = []
        self.fail = fail

    def __getattr__(self, name):
        def call(*args):
            if self.fail:
                raise RasaUnavailable("Rasa is not reachable")
            self.calls.append((name,) + args)
        return call


@pytest.fixture
def queued(demo_store):
    """Two handed-off cases: c-late (handed off later) and c-early, plus one goodwill case."""
    with session_scope(demo_store) as session:
        order = session.execute(select(Order).where(Order.reference == "ORD-10001")).scalar_one()
        now = datetime.utcnow()
        for cid, minutes in (("c-late", 1), ("c-early", 30)):
            session.add(Case(conversation_id=cid, language="es", category="delivery", status="queued",
                             outcome="handoff", order_id=order.id, customer_id=order.customer_id,
                             handed_off_at=now - timedelta(minutes=minutes), evidence=[], reasons=[]))
        session.add(Case(conversation_id="c-bot", status="offered", outcome="goodwill", evidence=[], reasons=[]))
    return demo_store


def case(session, cid) -> Case:
    return session.execute(select(Case).where(Case.conversation_id == cid)).scalar_one()


def test_queue_is_longest_waiting_first(queued):
    with session_scope(queued) as session:
        assert [c.conversation_id for c in takeover.queue(session)] == ["c-early", "c-late"]


def test_claim_pauses_the_bot_and_tells_the_customer(queued):
    rasa = RecordingRasa()
    with session_scope(queued) as session:
        takeover.claim(session, rasa, case(session, "c-early"), ANA)
    with session_scope(queued) as session:
        claimed = case(session, "c-early")
        assert (claimed.status, claimed.agent) == ("claimed", "ana") and claimed.claimed_at
    assert rasa.calls == [("pause", "c-early"), ("execute", "c-early", "utter_agent_joined")]


def test_a_claimed_case_cannot_be_claimed_again(queued):
    with session_scope(queued) as session:
        takeover.claim(session, RecordingRasa(), case(session, "c-early"), ANA)
    with pytest.raises(TakeoverError, match="ana has claimed it"), session_scope(queued) as session:
        takeover.claim(session, RecordingRasa(), case(session, "c-early"), BEA)


def test_when_rasa_cannot_be_told_nothing_changes(queued):
    with pytest.raises(RasaUnavailable), session_scope(queued) as session:
        takeover.claim(session, RecordingRasa(fail=True), case(session, "c-early"), ANA)
    with session_scope(queued) as session:
        assert case(session, "c-early").status == "queued"


def test_only_the_holder_or_a_lead_replies(queued):
    rasa = RecordingRasa()
    with session_scope(queued) as session:
        held = case(session, "c-early")
        with pytest.raises(TakeoverError, match="not claimed"):
            takeover.reply(rasa, held, ANA, "Hola")
        takeover.claim(session, rasa, held, ANA)
        assert held.first_reply_at is None
        takeover.reply(rasa, held, ANA, "  Hola, soy Ana  ")
        first = held.first_reply_at
        assert first is not None, "when a person first answered, for the figures"
        with pytest.raises(TakeoverError, match="held by ana"):
            takeover.reply(rasa, held, BEA, "Hola")
        takeover.reply(rasa, held, LEAD, "Hola, soy Lena")
        for text in ("   ", "x" * 2001):
            with pytest.raises(TakeoverError):
                takeover.reply(rasa, held, ANA, text)
    assert ("say", "c-early", "Hola, soy Ana", "ana", "es") in rasa.calls
    assert ("say", "c-early", "Hola, soy Lena", "lena", "es") in rasa.calls
    assert held.first_reply_at == first, "the first reply, not the last"


def test_hand_back_resumes_the_bot(queued):
    rasa = RecordingRasa()
    with session_scope(queued) as session:
        held = case(session, "c-late")
        takeover.claim(session, rasa, held, ANA)
        takeover.hand_back(rasa, held, ANA)
    with session_scope(queued) as session:
        assert case(session, "c-late").status == "with_bot"
        assert [c.conversation_id for c in takeover.queue(session)] == ["c-early"]
    assert rasa.calls[-2:] == [("resume", "c-late"), ("execute", "c-late", "utter_back_to_bot")]


def test_close_records_the_resolution_and_the_goodwill(queued, policy):
    rasa = RecordingRasa()
    with session_scope(queued) as session:
        held = case(session, "c-early")
        takeover.claim(session, rasa, held, ANA)
        with pytest.raises(TakeoverError, match="note is required"):
            takeover.close(session, rasa, held, ANA, remedy="refund", amount=Decimal("20"), note=" ",
                           policy=policy)
        assert takeover.close(session, rasa, held, ANA, remedy="refund", amount=Decimal("20"),
                              note="Lost by carrier", policy=policy) is None, "within the cap: closed at once"
    with session_scope(queued) as session:
        closed = case(session, "c-early")
        assert (closed.status, closed.resolution_remedy, closed.resolution_amount, closed.resolution_note) == \
            ("closed", "refund", Decimal("20.00"), "Lost by carrier")
        grant = session.execute(select(GoodwillGrant).where(GoodwillGrant.case_id == closed.id)).scalar_one()
        assert (grant.amount, grant.currency, grant.reference) == (Decimal("20.00"), "EUR",
                                                                   f"{closed.reference}-staff")
    assert rasa.calls[-2:] == [("resume", "c-early"), ("execute", "c-early", "utter_case_closed")]


def test_an_agents_goodwill_above_the_cap_waits_for_a_lead_who_decides_once(queued, policy):
    """An agent once closed a case with 100,000 of goodwill, no lead asked. Above the policy's cap
    (the category's, as the bot's) nothing is given until a lead approves; the approval closes the
    case once, however often it is clicked; a refusal leaves the case with the agent."""
    rasa = RecordingRasa()
    with session_scope(queued) as session:
        held = case(session, "c-early")
        takeover.claim(session, rasa, held, ANA)
        cap = staff_cap(held, "refund", policy)
        assert Decimal("0") < cap <= held.order.value
        asked = takeover.close(session, rasa, held, ANA, remedy="refund", amount=Decimal("100000"),
                               note="Very upset customer", policy=policy)
        assert (asked.status, asked.requested_by, asked.cap) == ("pending", "ana", cap)
        assert held.status == "claimed"
        assert session.execute(select(GoodwillGrant).where(GoodwillGrant.case_id == held.id)).first() is None
        with pytest.raises(TakeoverError, match="has yet to decide"):
            takeover.close(session, rasa, held, ANA, remedy="refund", amount=cap, note="Within", policy=policy)
        with pytest.raises(TakeoverError, match="only a lead"):
            takeover.approve(session, rasa, asked.id, BEA)
        refused = takeover.refuse(session, asked.id, LEAD)
        assert (refused.status, refused.decided_by, held.status) == ("refused", "lena", "claimed")
        again = takeover.close(session, rasa, held, ANA, remedy="voucher", amount=cap + 1000, note="Please",
                               policy=policy)
        approved = takeover.approve(session, rasa, again.id, LEAD)
        assert (approved.status, approved.decided_by) == ("approved", "lena")
        with pytest.raises(TakeoverError, match="already decided"):
            takeover.approve(session, rasa, again.id, LEAD)
    with session_scope(queued) as session:
        closed = case(session, "c-early")
        assert (closed.status, closed.resolution_remedy, closed.resolution_amount) == \
            ("closed", "voucher", cap + 1000)
        assert len(session.execute(select(GoodwillGrant).where(GoodwillGrant.case_id == closed.id)).all()) == 1


def test_a_lead_may_close_above_the_cap_and_a_case_without_an_order_has_no_cap(queued, policy):
    rasa = RecordingRasa()
    with session_scope(queued) as session:
        held = case(session, "c-late")
        takeover.claim(session, rasa, held, LEAD)
        assert takeover.close(session, rasa, held, LEAD, remedy="refund", amount=Decimal("900"), note="Exception",
                              policy=policy) is None
        assert held.status == "closed"
        unknown = Case(conversation_id="c-unknown", language="en", status="queued", evidence=[], reasons=[])
        session.add(unknown)
        session.flush()
        assert staff_cap(unknown, "refund", policy) == Decimal("0"), "money on an unproven order needs a lead"


def test_a_reply_by_email_goes_to_the_address_the_customer_proved(queued, policy, tmp_path):
    postbox = Postbox(None, tmp_path / "outbox")
    with session_scope(queued) as session:
        held = case(session, "c-early")
        takeover.claim(session, RecordingRasa(), held, ANA)
        with pytest.raises(TakeoverError, match="no email the customer proved"):
            takeover.email_reply(session, postbox, held, ANA, "Hola", "Care <care@example.com>", REPLIES)
        order = session.get(Order, held.order_id)
        give_email(session, Identity(named_order=order.reference), order.customer.email.upper(), policy, "c-early")
        with pytest.raises(TakeoverError, match="held by ana"):
            takeover.email_reply(session, postbox, held, BEA, "Hola", "Care <care@example.com>", REPLIES)
        where = takeover.email_reply(session, postbox, held, ANA, "  Hola, ya está resuelto.  ",
                                     "Care <care@example.com>", REPLIES)
        address = order.customer.email.lower()
    sent = email.message_from_bytes(Path(where).read_bytes(), policy=email_policy.default)
    assert (sent["To"], sent["Content-Language"]) == (address, "es")
    assert sent["Subject"] == f"[{held.reference}] Respuesta sobre tu reclamación"
    assert "Hola, ya está resuelto." in sent.get_content()
    assert REPLIES.case_of(sent["Reply-To"], datetime.utcnow()) == held.id, "answers come back to this case"
