"""Whether a customer still has the chat open, and so whether a person's reply also goes by email;
on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.handoff.email_follow_up import EmailBecause, reply_by_email
from bot.handoff.widget_presence import CONNECTION_TTL, customer_present, widget_connected, widget_disconnected
from bot.identity import Identity, give_email
from bot.store import session_scope
from bot.store.models import Case, Order, WidgetConnection
from tests.bot.handoff.test_availability import DAY


def test_a_conversation_is_present_while_one_of_its_widgets_is_connected(store):
    with session_scope(store) as session:
        widget_connected(session, "sid-1", "w-abc", DAY)
        widget_connected(session, "sid-2", "w-abc", DAY)  # a second tab
        widget_connected(session, "sid-1", "w-abc", DAY)  # the same socket asking again
        assert customer_present(session, "w-abc", DAY) and not customer_present(session, "w-other", DAY)
        widget_disconnected(session, "sid-1")
        assert customer_present(session, "w-abc", DAY), "the other tab is still open"
        widget_disconnected(session, "sid-2")
        widget_disconnected(session, "sid-never-connected")
        assert not customer_present(session, "w-abc", DAY)


def test_a_socket_whose_server_died_stops_counting_and_is_cleared(store):
    with session_scope(store) as session:
        widget_connected(session, "sid-lost", "w-abc", DAY)
        later = DAY + CONNECTION_TTL + timedelta(seconds=1)
        assert not customer_present(session, "w-abc", later)
        widget_connected(session, "sid-new", "w-def", later)
        assert session.execute(select(WidgetConnection.socket_id)).scalars().all() == ["sid-new"]


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
        widget_disconnected(session, "sid-1")
        assert reply_by_email(session, case, asked=False, now=DAY) is None, "left, but proved no email here"
        give_email(session, Identity(named_order=order.reference), order.customer.email, policy, "w-abc")
        assert reply_by_email(session, case, asked=False, now=DAY) == EmailBecause.LEFT
        case.email_promised_at = DAY
        widget_connected(session, "sid-2", "w-abc", DAY)
        assert reply_by_email(session, case, asked=False, now=DAY) == EmailBecause.PROMISED
