"""Rows for the privacy tests: contacts, conversations, messages, tickets and notes at a given time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.crypto import TranscriptCipher
from bot.storage.models import (
    Contact,
    Conversation,
    DeliveryStatus,
    Direction,
    Message,
    Sender,
    Ticket,
    TicketNote,
    TicketPriority,
    TicketStatus,
)

CIPHER = TranscriptCipher(["kqkR6Bl1ZbGVgMjrNq3VZ-JF9U0hNE8bqPMhN7xvBLs="])


async def add_conversation(
    session: AsyncSession,
    user: str,
    at: datetime,
    *,
    texts: tuple[str, ...] = ("halo", "paspor saya ditahan"),
    contact: Contact | None = None,
    closed: bool = False,
) -> Conversation:
    """A contact (new unless given) with one conversation whose every row is dated ``at``."""
    if contact is None:
        contact = Contact(channel="telegram", channel_user_id=user, created_at=at, consent_at=at)
        session.add(contact)
        await session.flush()
    conversation = Conversation(
        contact_id=contact.id,
        language="id",
        flow_slots={"agency": "PT Contoh"},
        active_flow="agency_check",
        created_at=at,
        updated_at=at,
        last_inbound_at=at,
        closed_at=at if closed else None,
    )
    session.add(conversation)
    await session.flush()
    for text in texts:
        session.add(
            Message(
                conversation_id=conversation.id,
                direction=Direction.IN,
                sender=Sender.USER,
                text_encrypted=CIPHER.encrypt(text),
                created_at=at,
            )
        )
    await session.flush()
    return conversation


async def add_ticket(
    session: AsyncSession,
    conversation: Conversation,
    at: datetime,
    *,
    urgent: bool,
    status=TicketStatus.CLAIMED,
) -> Ticket:
    ticket = Ticket(
        conversation_id=conversation.id,
        priority=int(TicketPriority.URGENT if urgent else TicketPriority.NORMAL),
        status=status,
        reason="test",
        channel="telegram",
        language="id",
        created_at=at,
        claimed_at=at,
    )
    session.add(ticket)
    await session.flush()
    session.add(
        TicketNote(
            ticket_id=ticket.id, text_encrypted=CIPHER.encrypt("catatan: alamat majikan"), created_at=at
        )
    )
    await session.flush()
    return ticket


def outbound(conversation: Conversation, at: datetime, status: DeliveryStatus, text: str = "OK") -> Message:
    return Message(
        conversation_id=conversation.id,
        direction=Direction.OUT,
        sender=Sender.BOT,
        text_encrypted=CIPHER.encrypt(text),
        delivery_status=status,
        created_at=at,
    )


def add_triage(
    conversation: Conversation, ticket: Ticket, at: datetime, cipher: TranscriptCipher = CIPHER
) -> None:
    """What the engine stores with an urgent ticket: why (sealed), where the person is, the wait notice."""
    from handoff.triage import Triage

    ticket.risk = 90
    ticket.triage_encrypted = Triage(
        reasons=("lexicon:confinement:disekap",),
        preview="saya disekap majikan",
        country="MY:kuching",
        risk=90,
    ).seal(cipher)
    ticket.user_not_urgent_at = at
    conversation.location_encrypted = cipher.encrypt("MY:kuching")
    conversation.waiting_notice_at = at
