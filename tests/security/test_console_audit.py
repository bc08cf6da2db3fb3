"""Every look at a transcript is audited, the live transcript's polls included when they bring
new turns (real HTTP)."""
from __future__ import annotations

from sqlalchemy import select

from bot.store import session_scope
from bot.store.models import AuditEntry
from tests.console_server import sign_in
from tests.trackers import customer


def views(store) -> list[dict]:
    with session_scope(store) as session:
        return [e.detail for e in session.execute(select(AuditEntry).where(AuditEntry.action == "view_transcript")
                                                  .order_by(AuditEntry.id)).scalars()]


def test_live_transcript_polls_are_audited_when_they_show_something(console, store, rasa_trackers):
    lead = sign_in(console, "lena")
    first = lead.get(f"{console}/console/conversations/c-es/turns.json").json()
    assert views(store) == [{"masked": False, "live_turns": len(first["turns"])}]
    lead.get(f"{console}/console/conversations/c-es/turns.json?after={first['last_event_id']}")
    assert len(views(store)) == 1, "a poll that brings nothing new is not logged"
    rasa_trackers.add("c-es", [customer("escríbeme a maria@example.es", "inform", 60)])
    lead.get(f"{console}/console/conversations/c-es/turns.json?after={first['last_event_id']}")
    assert views(store)[-1] == {"masked": False, "live_turns": 1}
