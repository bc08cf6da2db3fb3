"""Whether a customer still has the chat open, and so whether a person's reply also goes by email;
on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.handoff.email_follow_up import EmailBecause, reply_by_email
from bot.handoff.widget_presence import (
    CONNECTION_TTL,
    KEPT_CLOSED,
    customer_present,
    left_at,
    widget_connected,
    widget_disconnected,
)
from bot.orders.identity import Identity, give_email
from bot.store import session_scope
from bot.store.models import Case, Order, WidgetConnection
from tests.bot.handoff.test_availability import DAY


def test_a_conversation_is_present_while_one_of_its_widgets_is_connected(store):
    with session_scope(store) as session:
        widget_connected(session, "sid-1", "w-abc", DAY)
        widget_connected(session, "sid-2", "w-abc", DAY)  # a second tab
        widget_connected(session, "sid-1", "w-abc", DAY)  # the same socket asking again
        assert customer_present(session, "w-abc", DAY) and not customer_present(session, "w-other", DAY)
        widget_disconnected(session, "sid-1", DAY)
        assert customer_present(session, "w-abc", DAY), "the other tab is still open"
        assert left_at(session, "w-abc", DAY) is None
        widget_disconnected(session, "sid-2", DAY + timedelta(minutes=5))
        widget_disconnected(session, "sid-never-connected", DAY)
        assert not customer_present(session, "w-abc", DAY)
        assert left_at(session, "w-abc", DAY) == DAY + timedelta(minutes=5), "when the last one closed"
        back = DAY + timedelta(hours=3)
        assert widget_connected(session, "sid-3", "w-abc", back) == DAY + timedelta(minutes=5), "back, after"
        assert widget_connected(session, "sid-4", "w-abc", back) is None, "already back"
        assert widget_connected(session, "sid-5", "w-new", back) is None, "never seen leaving"


def test_a_socket_whose_server_died_stops_counting_and_is_cleared(store):
    with session_scope(store) as session:
        widget_connected(session, "sid-lost", "w-abc", DAY)
        later = DAY + CONNECTION_TTL + timedelta(seconds=1)
        assert not customer_present(session, "w-abc", later)
        widget_connected(session, "sid-closed", "w-old", DAY)
        widget_disconnected(session, "sid-closed", DAY)
        widget_connected(session, "sid-new", "w-def", DAY + KEPT_CLOSED)
        assert sorted(session.execute(select(WidgetConnection.socket_id)).scalars()) == ["sid-new"], \
            "sockets closed, or lost, long ago are cleared"


def test_a_reply_goes_by_email_when_asked_promised_or_the_customer_left_with_a_proven_email(demo_store, policy):
    with session_scope(demo_store) as session:
        order = session.execute(select(Order).where(Order.reference == "ORD-10001")).scalar_one()
        case = Case(conversation_id="w-abc", language="en", status="claimed", order_id=order.id, evidence=[],
                    reasons=[])
        session.add(case)
        session.flush()
        widget_connected(session, "sid-1", "w-abc", DAY)
        assert reply_by_email(session, case, asked=False, now=DAY) is None, "in the chat now"
        assert reply_by_email(session, case, asked=True, now=DAY) == EmailBecause.ASKED
        widget_disconnected(session, "sid-1", DAY)
        assert reply_by_email(session, case, asked=False, now=DAY) is None, "left, but proved no email here"
        give_email(session, Identity(named_order=order.reference), order.customer.email, policy, "w-abc")
        assert reply_by_email(session, case, asked=False, now=DAY) == EmailBecause.LEFT
        case.email_promised_at = DAY
        widget_connected(session, "sid-2", "w-abc", DAY)
        assert reply_by_email(session, case, asked=False, now=DAY) == EmailBecause.PROMISED
