"""Whether a customer still has the chat open, and since when they had left: each widget socket is
kept while it is connected (by whichever Rasa instance holds it), so the console can tell that a
customer has left and send a person's reply by email too, and a returning widget can be shown what
was said while it was closed (bot/handoff/catch_up.py).

A socket whose instance died without saying goodbye would look connected for ever; one older than
CONNECTION_TTL no longer counts (a page left open longer than that is treated as left, and the
customer then gets the reply both ways). Closed sockets are kept KEPT_CLOSED, then cleared.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.store.models import WidgetConnection

CONNECTION_TTL = timedelta(hours=12)
KEPT_CLOSED = timedelta(days=30)


def widget_connected(session: Session, socket_id: str, conversation_id: str, now: datetime) -> Optional[datetime]:
    """The socket `socket_id` shows conversation `conversation_id` from `now` on; when the customer
    had closed every widget of it before, the moment they did (else None)."""
    left = left_at(session, conversation_id, now)
    session.execute(delete(WidgetConnection).where(
        (WidgetConnection.socket_id == socket_id)
        | ((WidgetConnection.conversation_id == conversation_id) & WidgetConnection.disconnected_at.is_not(None))
        | (func.coalesce(WidgetConnection.disconnected_at, WidgetConnection.connected_at) <= now - KEPT_CLOSED))
        .execution_options(synchronize_session="fetch"))
    session.add(WidgetConnection(socket_id=socket_id, conversation_id=conversation_id, connected_at=now))
    return left


def widget_disconnected(session: Session, socket_id: str, now: datetime) -> None:
    """The socket closed (the page was closed or left)."""
    connection = session.get(WidgetConnection, socket_id)
    if connection is not None and connection.disconnected_at is None:
        connection.disconnected_at = now


def customer_present(session: Session, conversation_id: str, now: datetime) -> bool:
    """Whether some widget shows the conversation now."""
    return session.execute(select(WidgetConnection.socket_id).where(
        WidgetConnection.conversation_id == conversation_id, WidgetConnection.disconnected_at.is_(None),
        WidgetConnection.connected_at > now - CONNECTION_TTL).limit(1)).first() is not None


def left_at(session: Session, conversation_id: str, now: datetime) -> Optional[datetime]:
    """When the customer closed the conversation's last widget; None while one is open, or when no
    widget of it was ever seen closing."""
    if customer_present(session, conversation_id, now):
        return None
    return session.execute(select(func.max(WidgetConnection.disconnected_at))
                           .where(WidgetConnection.conversation_id == conversation_id)).scalar_one()
