"""The company's records and our cases, as SQLAlchemy tables.

Schema only: queries live with the code that needs them; changes go through an Alembic migration.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import declarative_base, relationship

from bot.store.types import Money

Base: Any = declarative_base()  # SQLAlchemy 1.4 has no typed declarative base (2.0 has DeclarativeBase)

MONEY = Money()


class Customer(Base):
    __tablename__ = "customers"
    id = Column(Integer, primary_key=True)
    reference = Column(String(64), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    email = Column(String(320), nullable=False, index=True)
    phone = Column(String(40))
    language = Column(String(2), nullable=False, default="en")
    orders = relationship("Order", back_populates="customer")


class Product(Base):
    __tablename__ = "products"
    sku = Column(String(64), primary_key=True)
    name = Column(String(200), nullable=False)
    warranty_months = Column(Integer, nullable=False, default=0)


class Order(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    reference = Column(String(32), nullable=False, unique=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), nullable=False, index=True)
    placed_at = Column(DateTime, nullable=False)
    promised_by = Column(DateTime)
    value = Column(MONEY, nullable=False)
    shipping_fee = Column(MONEY, nullable=False, default=Decimal("0"))
    currency = Column(String(3), nullable=False)
    customer = relationship("Customer", back_populates="orders")
    items = relationship("OrderItem", back_populates="order", order_by="OrderItem.id")
    shipments = relationship("Shipment", back_populates="order", order_by="Shipment.id")
    payments = relationship("Payment", order_by="Payment.at")
    picks = relationship("PickRecord", order_by="PickRecord.id")
    returns = relationship("Return", order_by="Return.id")


class OrderItem(Base):
    __tablename__ = "order_items"
    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id"), nullable=False, index=True)
    sku = Column(String(64), ForeignKey("products.sku"), nullable=False)
    quantity = Column(Integer, nullable=False)
    unit_price = Column(MONEY, nullable=False)
    order = relationship("Order", back_populates="items")
    product = relationship("Product")


# What a carrier scan and a proof of delivery can be (the import and the tracking webhook check them).
EVENT_CODES = ("picked_up", "in_transit", "out_for_delivery", "delivered", "exception")
PROOF_KINDS = ("signature", "photo", "geolocation")


class Shipment(Base):
    __tablename__ = "shipments"
    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id"), nullable=False, index=True)
    carrier = Column(String(100), nullable=False)
    tracking = Column(String(100), nullable=False)
    order = relationship("Order", back_populates="shipments")
    events = relationship("CarrierEvent", order_by="CarrierEvent.at")
    proofs = relationship("DeliveryProof", order_by="DeliveryProof.captured_at")


class CarrierEvent(Base):
    """One carrier scan; `code` is one of picked_up, in_transit, out_for_delivery, delivered, exception."""

    __tablename__ = "carrier_events"
    id = Column(Integer, primary_key=True)
    shipment_id = Column(Integer, ForeignKey("shipments.id"), nullable=False, index=True)
    at = Column(DateTime, nullable=False)
    code = Column(String(32), nullable=False)
    location = Column(String(200))


class DeliveryProof(Base):
    """Proof of delivery; `certified` means the carrier vouches for it (signature, photo, geolocation)."""

    __tablename__ = "delivery_proofs"
    id = Column(Integer, primary_key=True)
    shipment_id = Column(Integer, ForeignKey("shipments.id"), nullable=False, index=True)
    kind = Column(String(16), nullable=False)
    captured_at = Column(DateTime, nullable=False)
    detail = Column(String(500), nullable=False)
    certified = Column(Boolean, nullable=False, default=False)


class TrackingUpdate(Base):
    """A carrier's scans and proof of delivery for a tracking number, as a tracking webhook pushed them
    (bot.orders.tracking); put on the parcel with that number whenever its order is in the store."""

    __tablename__ = "tracking_updates"
    id = Column(Integer, primary_key=True)
    event_id = Column(String(160), nullable=False, unique=True)  # the sender's, prefixed with the format's name
    tracking = Column(String(100), nullable=False, index=True)
    received_at = Column(DateTime, nullable=False)
    scans = Column(JSON, nullable=False, default=list)  # [{"at", "code", "location"}]
    proof = Column(JSON, nullable=True)  # {"kind", "captured_at", "detail", "certified"}


class Payment(Base):
    """Ledger entry; `kind` is charge, refund, preauth or preauth_release."""

    __tablename__ = "payments"
    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id"), nullable=False, index=True)
    reference = Column(String(64), nullable=False, unique=True)
    kind = Column(String(16), nullable=False)
    amount = Column(MONEY, nullable=False)
    currency = Column(String(3), nullable=False)
    at = Column(DateTime, nullable=False)


class PickRecord(Base):
    """What the warehouse scanned into the parcel."""

    __tablename__ = "pick_records"
    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id"), nullable=False, index=True)
    sku = Column(String(64), nullable=False)
    quantity = Column(Integer, nullable=False)
    scanned_at = Column(DateTime, nullable=False)


class Return(Base):
    __tablename__ = "returns"
    id = Column(Integer, primary_key=True)
    order_id = Column(Integer, ForeignKey("orders.id"), nullable=False, index=True)
    sku = Column(String(64), nullable=False)
    received_at = Column(DateTime, nullable=False)
    repair_notes = relationship("RepairNote", order_by="RepairNote.at")


class RepairNote(Base):
    """A technician's finding; `finding` is misuse, defect or no_fault."""

    __tablename__ = "repair_notes"
    id = Column(Integer, primary_key=True)
    return_id = Column(Integer, ForeignKey("returns.id"), nullable=False, index=True)
    at = Column(DateTime, nullable=False)
    finding = Column(String(16), nullable=False)
    note = Column(Text, nullable=False)


class Case(Base):
    """One complaint: made by the bot from a conversation, or imported from the company's history."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_status", "status"),)
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), index=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), index=True)
    order_id = Column(Integer, ForeignKey("orders.id"), index=True)
    language = Column(String(2), nullable=False, default="en")
    category = Column(String(32))
    details = Column(Text)
    desired_remedy = Column(String(32))
    claimed_amount = Column(String(32))
    evidence = Column(JSON, nullable=False, default=list)
    outcome = Column(String(16))
    remedy = Column(String(32))
    amount = Column(MONEY)
    currency = Column(String(3))
    reasons = Column(JSON, nullable=False, default=list)
    status = Column(String(16), nullable=False, default="open")
    customer_answer = Column(String(16))
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    updated_at = Column(DateTime, nullable=False, default=datetime.utcnow, onupdate=datetime.utcnow)
    handed_off_at = Column(DateTime)
    agent = Column(String(64))
    claimed_at = Column(DateTime)
    closed_at = Column(DateTime)
    resolution_remedy = Column(String(32))
    resolution_amount = Column(MONEY)
    resolution_note = Column(Text)
    # Email follow-up (bot.handoff.email_follow_up): the customer was told a person would answer
    # by email (nobody was there to answer in the chat), and when a person first answered.
    email_promised_at = Column(DateTime)
    first_reply_at = Column(DateTime)
    # An address the customer gave, agreeing to be answered there, when they had proved none for
    # the order (sealed and digested as Verification's; not proof that the order is theirs).
    follow_up_email_sealed = Column(Text)
    follow_up_email_digest = Column(String(64), index=True)
    follow_up_consent_at = Column(DateTime)
    # The address given but not confirmed yet (bot.handoff.address_confirmation): a code was mailed
    # to it; nothing else is sent there until the customer types the code back in the chat.
    follow_up_pending_sealed = Column(Text)
    follow_up_pending_digest = Column(String(64), index=True)
    follow_up_code_digest = Column(String(64))
    follow_up_code_sent_at = Column(DateTime)
    follow_up_code_tries = Column(Integer, nullable=False, default=0, server_default="0")
    follow_up_codes_sent = Column(Integer, nullable=False, default=0, server_default="0")
    # Satisfaction (bot.insight.satisfaction): asked once when the case ends.
    csat_asked_at = Column(DateTime)
    csat_resolved_by = Column(String(8))  # "bot" or "agent"
    csat_rating = Column(Integer)  # 1 (poor) to 5 (excellent)
    csat_rated_at = Column(DateTime)
    csat_comment = Column(Text)  # masked before it is kept
    order = relationship("Order")

    @property
    def reference(self) -> str:
        """The case reference the customer is given."""
        return f"C-{self.id:06d}"


class Verification(Base):
    """A conversation in which the customer gave the email on an order: the order is theirs there.
    The email is kept sealed (bot.privacy.email_vault), with a keyed digest to find it."""

    __tablename__ = "verifications"
    __table_args__ = (Index("ix_verifications_conversation_order", "conversation_id", "order_id"),)
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False)
    order_id = Column(Integer, ForeignKey("orders.id"), nullable=False)
    email_digest = Column(String(64), nullable=False, index=True)
    email_sealed = Column(Text, nullable=False)
    verified_at = Column(DateTime, nullable=False, default=datetime.utcnow)
    order = relationship("Order")


class EmailGuess(Base):
    """A wrong email given for an order (or before any order): counted per order, per client and
    per conversation across conversations, within the policy's window (bot.orders.identity). Older
    rows are deleted as new ones come."""

    __tablename__ = "email_guesses"
    id = Column(Integer, primary_key=True)
    order_reference = Column(String(40), nullable=True, index=True)  # as named (it may not exist)
    client_digest = Column(String(64), nullable=True, index=True)  # the client's address, keyed digest
    conversation_id = Column(String(255), nullable=False, index=True)
    guessed_at = Column(DateTime, nullable=False, index=True)


class ShopRemedy(Base):
    """Goodwill to carry out in the shop (bot.remedies), exactly once: the row is committed before the
    shop is called, the shop keeps `key` with what it did, and whoever holds `claimed_until` acts."""

    __tablename__ = "shop_remedies"
    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id"), nullable=False, index=True)
    remedy = Column(String(32), nullable=False)
    amount = Column(MONEY, nullable=False)
    currency = Column(String(3), nullable=False)
    key = Column(String(120), nullable=False, unique=True)  # kept by the shop (a refund's note)
    status = Column(String(16), nullable=False, default="pending")  # pending, done, failed
    claimed_until = Column(DateTime, nullable=True)
    attempts = Column(Integer, nullable=False, default=0)
    shop_reference = Column(String(120), nullable=True)  # the shop's id for what it did
    error = Column(String(300), nullable=True)
    created_at = Column(DateTime, nullable=False)
    done_at = Column(DateTime, nullable=True)
    case = relationship("Case")


class GoodwillGrant(Base):
    """Goodwill given to a customer, by the bot or (imported) by staff."""

    __tablename__ = "goodwill_grants"
    id = Column(Integer, primary_key=True)
    reference = Column(String(64), unique=True)
    customer_id = Column(Integer, ForeignKey("customers.id"), index=True)  # None once the person is forgotten
    order_id = Column(Integer, ForeignKey("orders.id"), index=True)
    case_id = Column(Integer, ForeignKey("cases.id"))
    remedy = Column(String(32), nullable=False)
    amount = Column(MONEY, nullable=False)
    currency = Column(String(3), nullable=False)
    granted_at = Column(DateTime, nullable=False)


class Approval(Base):
    """Goodwill above the policy's caps, waiting for a lead's word (bot.complaints.approvals): asked
    for by a person closing a case; decided once, by whom and when kept."""

    __tablename__ = "approvals"
    id = Column(Integer, primary_key=True)
    case_id = Column(Integer, ForeignKey("cases.id"), nullable=False, index=True)
    remedy = Column(String(32), nullable=False)
    amount = Column(MONEY, nullable=False)
    currency = Column(String(3), nullable=False)
    cap = Column(MONEY, nullable=False)  # what the asker could give alone
    note = Column(Text, nullable=False)
    requested_by = Column(String(64), nullable=False)
    requested_at = Column(DateTime, nullable=False)
    status = Column(String(16), nullable=False, index=True)  # pending, approved, refused
    decided_by = Column(String(64))
    decided_at = Column(DateTime)
    case = relationship("Case")


class ConsoleUser(Base):
    """A support lead or agent who signs in to the console; only a password hash is kept."""

    __tablename__ = "console_users"
    id = Column(Integer, primary_key=True)
    name = Column(String(64), nullable=False, unique=True)
    role = Column(String(16), nullable=False)
    password_hash = Column(String(255), nullable=False)
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)


class ConsoleSession(Base):
    """A signed-in console session, so that signing out ends it on the server too: the browser's
    cookie holds only the token, and only the token's hash is kept here."""

    __tablename__ = "console_sessions"
    token_hash = Column(String(64), primary_key=True)
    user_name = Column(String(64), ForeignKey("console_users.name", ondelete="CASCADE"), nullable=False,
                       index=True)
    created_at = Column(DateTime, nullable=False, default=datetime.utcnow)


class AgentPresence(Base):
    """Whether a console user is available to take conversations, and when an open console page
    last said they are still there (bot.handoff.presence)."""

    __tablename__ = "agent_presence"
    user_name = Column(String(64), ForeignKey("console_users.name", ondelete="CASCADE"), primary_key=True)
    available = Column(Boolean, nullable=False, default=False)
    seen_at = Column(DateTime, nullable=False, default=datetime.utcnow)


class WidgetConnection(Base):
    """A chat widget's socket, the conversation it shows, and when it closed (bot.handoff.widget_presence)."""

    __tablename__ = "widget_connections"
    socket_id = Column(String(64), primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    connected_at = Column(DateTime, nullable=False)
    disconnected_at = Column(DateTime)


class AuditEntry(Base):
    """Who looked at or changed what in the console, and when."""

    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=datetime.utcnow, index=True)
    user_name = Column(String(64), nullable=False)
    role = Column(String(16), nullable=False)
    action = Column(String(32), nullable=False)
    target = Column(String(255))
    detail = Column(JSON, nullable=False, default=dict)


class ConversationSummary(Base):
    """One row per Rasa conversation, kept up to date from the tracker store's events so the
    console can filter, search and page through many conversations quickly."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_last_at", "last_at", "conversation_id"),)
    conversation_id = Column(String(255), primary_key=True)
    started_at = Column(DateTime, nullable=False, index=True)
    last_at = Column(DateTime, nullable=False)
    language = Column(String(2))
    user_turns = Column(Integer, nullable=False, default=0)
    bot_turns = Column(Integer, nullable=False, default=0)
    paused = Column(Boolean, nullable=False, default=False)
    search_text = Column(Text, nullable=False, default="")


class ConversationIndexState(Base):
    """The last tracker-store event already folded into `conversations`."""

    __tablename__ = "conversation_index_state"
    id = Column(Integer, primary_key=True)
    last_event_id = Column(Integer, nullable=False, default=0)
