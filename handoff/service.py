"""Ticket lifecycle in SQL, the system of record. The engine calls ``open_ticket`` inside its
transaction; staff actions (claim, reply, close, return) come from the console.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import OutboundMessage
from bot.storage.models import Conversation, ConversationMode, Ticket, TicketPriority, TicketStatus
from bot.storage.types import utcnow

OPEN_STATUSES = (TicketStatus.QUEUED, TicketStatus.CLAIMED)


class AlreadyTaken(Exception):
    """A second claim on the same ticket: one staff member wins, the other is told this."""


@dataclass(frozen=True, slots=True)
class OpenedTicket:
    ticket_id: int
    urgent: bool
    created: bool  # False when an open ticket already existed (maybe raised to urgent)
    notice: OutboundMessage | None = None  # what the user is told now (expected wait, out of hours)


async def find_open_ticket(session: AsyncSession, conversation_id: int) -> Ticket | None:
    return await session.scalar(
        select(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc())
        .limit(1)
    )


async def open_ticket(
    session: AsyncSession, conversation: Conversation, channel: str, *, urgent: bool, reason: str
) -> OpenedTicket:
    """Queue the conversation for staff and pause the bot. One open ticket per conversation."""
    priority = int(TicketPriority.URGENT if urgent else TicketPriority.NORMAL)
    existing = await find_open_ticket(session, conversation.id)
    if existing is not None:
        if urgent and existing.priority != priority:
            existing.priority = priority
            existing.reason = reason
        return OpenedTicket(existing.id, existing.priority == int(TicketPriority.URGENT), created=False)
    ticket = Ticket(
        conversation_id=conversation.id,
        priority=priority,
        status=TicketStatus.QUEUED,
        reason=reason,
        channel=channel,
        language=conversation.language,
    )
    session.add(ticket)
    if conversation.mode == ConversationMode.BOT:
        conversation.mode = ConversationMode.WAITING
    await session.flush()
    return OpenedTicket(ticket.id, urgent, created=True)


async def claim(session: AsyncSession, ticket_id: int, staff_user_id: int) -> Ticket:
    """Atomic compare-and-set: of two simultaneous claims exactly one updates the row."""
    now = utcnow()
    result = await session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.status == TicketStatus.QUEUED)
        .values(
            status=TicketStatus.CLAIMED, assignee_id=staff_user_id, claimed_at=now, version=Ticket.version + 1
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyTaken(f"ticket {ticket_id} is already taken or closed")
    ticket = await session.get_one(Ticket, ticket_id, populate_existing=True)
    conversation = await session.get_one(Conversation, ticket.conversation_id)
    conversation.mode = ConversationMode.HUMAN
    return ticket
