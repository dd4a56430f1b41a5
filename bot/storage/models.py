"""The system of record (DESIGN invariant 1). Every table here works on SQLite and PostgreSQL.

Message text is stored encrypted (``text_encrypted``, see ``bot/storage/crypto.py``); analytics
rows (``ThemeEvent``) carry no user id, no text and no time of day (invariant 5).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.storage.types import UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Stored as plain strings (no native PG enum) so adding a value needs no type migration.
    return Enum(cls, name=name, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class ConversationMode(enum.StrEnum):
    BOT = "bot"
    WAITING = "waiting"  # a ticket is queued for staff; the bot is paused
    HUMAN = "human"  # a staff member holds the conversation


class Direction(enum.StrEnum):
    IN = "in"
    OUT = "out"


class Sender(enum.StrEnum):
    USER = "user"
    BOT = "bot"
    STAFF = "staff"


class DeliveryStatus(enum.StrEnum):
    NONE = "none"  # inbound, or a channel that pulls (web chat)
    PENDING = "pending"
    SENDING = "sending"  # claimed by one outbox worker (lease in next_attempt_at), see bot/outbox.py
    SENT = "sent"
    DELIVERED = "delivered"  # platform receipt (WhatsApp status webhook)
    READ = "read"
    FAILED = "failed"  # gave up after retries; kept for staff to see


class TicketPriority(enum.IntEnum):
    URGENT = 0
    NORMAL = 1


class TicketStatus(enum.StrEnum):
    QUEUED = "queued"
    CLAIMED = "claimed"
    CLOSED = "closed"
    RETURNED = "returned"  # handed back to the bot


class StaffRole(enum.StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    PROGRAMME = "programme"
    ADMIN = "admin"


class AgencyStatus(enum.StrEnum):
    LICENSED = "licensed"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


class Contact(Base):
    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id", name="uq_contacts_channel_user"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    channel_user_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the user blocked the bot
    # /hapus confirmed: the rest is erased once no open urgent ticket needs it (bot/privacy/erasure.py).
    erase_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    conversations: Mapped[list[Conversation]] = relationship(back_populates="contact")


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(8), default="id")
    mode: Mapped[ConversationMode] = mapped_column(
        _enum(ConversationMode, "conversation_mode"), default="bot"
    )
    active_flow: Mapped[str | None] = mapped_column(String(64))
    flow_step: Mapped[str | None] = mapped_column(String(64))
    flow_slots: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    misunderstood_in_a_row: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # WhatsApp 24-hour window
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Where the person is ("MY" or "MY:johor_bahru"), encrypted like the transcript: it picks the help
    # numbers of the emergency card and the no-staff notice (flows/content/contacts.yaml).
    location_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    # While a ticket waits: when the person was last told honestly when staff will read it, so they get
    # at most one such notice every few minutes (handoff/waiting.py).
    waiting_notice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contact: Mapped[Contact] = relationship(back_populates="conversations")


class Message(Base):
    """The transcript. Outbound rows double as the outbox for push channels (delivery_status)."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_id_id", "conversation_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    direction: Mapped[Direction] = mapped_column(_enum(Direction, "message_direction"))
    sender: Mapped[Sender] = mapped_column(_enum(Sender, "message_sender"))
    text_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    buttons: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivery_status: Mapped[DeliveryStatus] = mapped_column(
        _enum(DeliveryStatus, "delivery_status"), default="none", index=True
    )
    delivery_attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The liveness key of the process whose outbox claimed this row (bot/storage/liveness.py): once
    # that process is gone, its claims are given back at once instead of when their lease runs out.
    claimed_by: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(500))
    # A long reply is sent in parts; how many reached the user before a failed attempt, so the retry
    # starts at the next one instead of repeating them (None: none yet).
    delivery_parts_sent: Mapped[int | None] = mapped_column(Integer)
    # The platform's id of the sent message (WhatsApp wamid), so delivery receipts find their row.
    platform_message_id: Mapped[str | None] = mapped_column(String(200), index=True)
    # An approved platform template (WhatsApp, outside the 24-hour window) instead of free text: its
    # name and the platform code of the approved translation; text_encrypted keeps the transcript line.
    template_name: Mapped[str | None] = mapped_column(String(128))
    template_language: Mapped[str | None] = mapped_column(String(16))


class ProcessedDelivery(Base):
    """Idempotency keys: a (channel, platform message id) seen once is never answered again."""

    __tablename__ = "processed_deliveries"
    __table_args__ = (UniqueConstraint("channel", "message_id", name="uq_processed_deliveries_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    message_id: Mapped[str] = mapped_column(String(200))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class StaffUser(Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[StaffRole] = mapped_column(_enum(StaffRole, "staff_role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    available: Mapped[bool] = mapped_column(Boolean, default=False)  # presence: available / away
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status_priority_created", "status", "priority", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    priority: Mapped[int] = mapped_column(Integer, default=int(TicketPriority.NORMAL))
    status: Mapped[TicketStatus] = mapped_column(_enum(TicketStatus, "ticket_status"), default="queued")
    reason: Mapped[str] = mapped_column(String(64))  # e.g. "urgent:lexicon", "human_agent"
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=0)  # optimistic lock for claims
    # Triage: how sure the urgent detector was (0-100; the queue serves the highest first among urgent
    # tickets), and, encrypted, why: {"reasons": [...], "preview": first words, "country": ...}.
    risk: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    triage_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The person said it is not an emergency. The ticket stays for staff (someone else may hold the phone).
    user_not_urgent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Opened above an abuse limit (handoff/flood.py): the "possible flood" lane, served after every other
    # ticket of its priority, shown apart in the console, never escalated one by one.
    flood: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class TicketNote(Base):
    """Internal staff notes; never shown to the user."""

    __tablename__ = "ticket_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    text_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StaffSession(Base):
    """Server-side console sessions; the cookie holds only the random id."""

    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie value
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEvent(Base):
    """Who did what to which ticket, when. Never content."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    staff_user_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))  # e.g. "transcript.view", "ticket.claim"
    ticket_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ThemeEvent(Base):
    """One anonymised analytics row per bot answer. No user id, no text, no time of day."""

    __tablename__ = "theme_events"
    __table_args__ = (Index("ix_theme_events_day_theme", "day", "theme"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date)  # Asia/Jakarta calendar day
    theme: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(20))
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    handoff: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(40))  # e.g. "risk:high", "agency:revoked"


class Agency(Base):
    """The placement-agency registry (official list imported by `helpline agencies import`)."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    normalized_name: Mapped[str] = mapped_column(String(200), index=True)
    licence_number: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[AgencyStatus] = mapped_column(_enum(AgencyStatus, "agency_status"))
    province: Mapped[str | None] = mapped_column(String(80))
    city: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str] = mapped_column(Text, default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)  # shipped demonstration entry
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
