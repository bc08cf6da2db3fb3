"""Whether a customer still has the chat open: each widget socket is kept while it is connected
(by whichever Rasa instance holds it), so the console can tell that a customer has left and send a
person's reply by email too.

A socket whose instance died without saying goodbye would look connected for ever; one older than
CONNECTION_TTL no longer counts (a page left open longer than that is treated as left, and the
customer then gets the reply both ways).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.store.models import WidgetConnection

CONNECTION_TTL = timedelta(hours=12)


def widget_connected(session: Session, socket_id: str, conversation_id: str, now: datetime) -> None:
    """The socket `socket_id` shows conversation `conversation_id` from `now` on (sockets past
    CONNECTION_TTL are cleared at the same time)."""
    session.execute(delete(WidgetConnection).where((WidgetConnection.socket_id == socket_id)
                                                   | (WidgetConnection.connected_at <= now - CONNECTION_TTL)))
    session.add(WidgetConnection(socket_id=socket_id, conversation_id=conversation_id, connected_at=now))


def widget_disconnected(session: Session, socket_id: str) -> None:
    """The socket closed (the page was closed or left)."""
    session.execute(delete(WidgetConnection).where(WidgetConnection.socket_id == socket_id))


def customer_present(session: Session, conversation_id: str, now: datetime) -> bool:
    """Whether some widget shows the conversation now."""
    return session.execute(select(WidgetConnection.socket_id).where(
        WidgetConnection.conversation_id == conversation_id,
        WidgetConnection.connected_at > now - CONNECTION_TTL).limit(1)).first() is not None
