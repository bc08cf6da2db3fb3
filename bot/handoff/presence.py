"""Which people are at the console and available: each marks themselves available or away, and
an open console page renews it; presence lapses without that heartbeat.

Stores and reads presence only; whether a customer is told to wait here or later is
bot/handoff/availability.py's job.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import AgentPresence

# An open console page renews presence every HEARTBEAT_SECONDS; after PRESENCE_TTL without it
# (page closed, laptop asleep, network gone) the person no longer counts as available.
HEARTBEAT_SECONDS = 30
PRESENCE_TTL = timedelta(seconds=3 * HEARTBEAT_SECONDS)


def set_available(session: Session, name: str, available: bool, now: Optional[datetime] = None) -> AgentPresence:
    """Mark `name` available or away from now on."""
    presence = session.get(AgentPresence, name) or AgentPresence(user_name=name)
    presence.available, presence.seen_at = available, now or datetime.utcnow()
    session.add(presence)
    return presence


def heartbeat(session: Session, name: str, now: Optional[datetime] = None) -> bool:
    """An open page says its person is still there; whether they are available."""
    presence = session.get(AgentPresence, name)
    if presence is None:
        return False
    presence.seen_at = now or datetime.utcnow()
    return presence.available


def available_people(session: Session, now: Optional[datetime] = None) -> list[str]:
    """The names of the people available now, alphabetically."""
    since = (now or datetime.utcnow()) - PRESENCE_TTL
    return list(session.execute(select(AgentPresence.user_name).where(
        AgentPresence.available.is_(True), AgentPresence.seen_at >= since).order_by(AgentPresence.user_name))
        .scalars())


def is_available(session: Session, name: str, now: Optional[datetime] = None) -> bool:
    return name in available_people(session, now)
