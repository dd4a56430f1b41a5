"""`/hapus` (and "delete my data"): erase a user's conversation data after they confirm.

What an erasure removes: every transcript message, the staff notes on the conversation's tickets,
the tickets' triage (the detector's reasons and the first words of the message, encrypted), where the
person is (country/city, encrypted) and when they were last told about the wait, the flow's
remembered answers (slots), and at the end the link to the person (the channel user id,
e.g. a WhatsApp phone number, is replaced by ``erased:<id>``). What stays: ticket rows (times,
channel, language, outcome: no content) so handoff-time statistics survive, and audit events.

Two things may delay part of it, never the rest:

* an **open urgent ticket**: staff may be helping the person out of danger, so that conversation's
  transcript is kept until the ticket closes; the handoff code then calls
  :func:`complete_pending_erasure`;
* **replies not yet delivered** (the bot's confirmation, a staff member's last message): the person
  must still be reachable to receive them, so the identity is erased once they are sent, by
  :func:`finish_erasures` (run by the retention job) or straight away when nothing is pending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    AuditEvent,
    Contact,
    Conversation,
    ConversationMode,
    Message,
    Ticket,
    TicketNote,
    TicketPriority,
    TicketStatus,
)
from bot.storage.types import utcnow

OPEN = (TicketStatus.QUEUED, TicketStatus.CLAIMED)
ERASED_PREFIX = "erased:"
# Still to be sent to the person: erasing these would silently drop a reply (e.g. "your data is deleted").
UNDELIVERED = ("pending", "sending")
# A reply stuck this long is given up on; an erasure must not wait forever for a dead channel.
UNDELIVERED_GRACE = timedelta(days=1)


@dataclass(slots=True)
class ErasureResult:
    erased_conversations: list[int] = field(default_factory=list)
    kept_for_urgent_ticket: list[int] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return bool(self.kept_for_urgent_ticket)


async def erase_contact_data(
    session: AsyncSession, contact_id: int, *, now: datetime | None = None
) -> ErasureResult:
    """The user confirmed /hapus: erase now what no open urgent ticket needs, remember the rest."""
    now = now or utcnow()
    contact = await session.get_one(Contact, contact_id)
    conversation_ids = list(
        await session.scalars(select(Conversation.id).where(Conversation.contact_id == contact_id))
    )
    needed = await _with_open_urgent_ticket(session, conversation_ids)
    result = ErasureResult()
    for conversation_id in conversation_ids:
        if conversation_id in needed:
            result.kept_for_urgent_ticket.append(conversation_id)
        else:
            await wipe_conversation(session, conversation_id, now=now, keep_undelivered=True)
            result.erased_conversations.append(conversation_id)
    # Always recorded: even with nothing kept, the identity goes only after the last reply is sent.
    contact.erase_requested_at = contact.erase_requested_at or now
    return result


async def complete_pending_erasure(
    session: AsyncSession, conversation_id: int, *, now: datetime | None = None
) -> bool:
    """Called by the handoff code when a ticket of ``conversation_id`` closes, in the same transaction.

    If the person asked for erasure while the ticket was open, their transcript goes now (and their
    identity too when no reply is waiting to be sent). Returns True when something was erased.
    """
    now = now or utcnow()
    conversation = await session.get(Conversation, conversation_id)
    if conversation is None:
        return False
    contact = await session.get_one(Contact, conversation.contact_id)
    if contact.erase_requested_at is None or await _with_open_urgent_ticket(session, [conversation_id]):
        return False
    await wipe_conversation(session, conversation_id, now=now, keep_undelivered=True)
    await _finish_contact(session, contact, now=now)
    return True


async def finish_erasures(session: AsyncSession, *, now: datetime | None = None) -> int:
    """Complete every requested erasure that nothing holds up any more; returns how many finished."""
    now = now or utcnow()
    contacts = await session.scalars(select(Contact).where(Contact.erase_requested_at.is_not(None)))
    finished = 0
    for contact in list(contacts):
        finished += await _finish_contact(session, contact, now=now)
    return finished


async def _finish_contact(session: AsyncSession, contact: Contact, *, now: datetime) -> bool:
    conversation_ids = list(
        await session.scalars(select(Conversation.id).where(Conversation.contact_id == contact.id))
    )
    if await _with_open_urgent_ticket(session, conversation_ids):
        return False
    waiting = await session.scalar(
        select(func.count())
        .select_from(Message)
        .where(
            Message.conversation_id.in_(conversation_ids),
            Message.delivery_status.in_(UNDELIVERED),
            Message.created_at > now - UNDELIVERED_GRACE,
        )
    )
    if waiting:
        return False
    for conversation_id in conversation_ids:
        await wipe_conversation(session, conversation_id, now=now, keep_undelivered=False)
    anonymise_contact(contact)
    session.add(AuditEvent(staff_user_id=None, action="contact.erased", ticket_id=None, created_at=now))
    return True


def anonymise_contact(contact: Contact) -> None:
    """Cut the link to the person: their channel id (a phone number on WhatsApp) is replaced."""
    contact.channel_user_id = f"{ERASED_PREFIX}{contact.id}"
    contact.erase_requested_at = None


async def wipe_conversation(
    session: AsyncSession, conversation_id: int, *, now: datetime, keep_undelivered: bool
) -> int:
    """Delete a conversation's transcript and notes, its tickets' triage and its location, forget its
    slots, close it. Returns messages deleted.

    Open non-urgent tickets are closed with outcome ``erased``: there is nothing left for staff to
    read, and the person asked to be forgotten. Timestamps are left alone (handoff statistics).
    """
    messages = delete(Message).where(Message.conversation_id == conversation_id)
    if keep_undelivered:
        messages = messages.where(Message.delivery_status.not_in(UNDELIVERED))
    deleted = await session.execute(messages.execution_options(synchronize_session=False))
    tickets = select(Ticket.id).where(Ticket.conversation_id == conversation_id)
    await session.execute(
        delete(TicketNote)
        .where(TicketNote.ticket_id.in_(tickets))
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.status.in_(OPEN))
        .values(status=TicketStatus.CLOSED, closed_at=now, outcome="erased", version=Ticket.version + 1)
        .execution_options(synchronize_session="fetch")
    )
    # Reasons and first words are message content; risk and the "not urgent" time are figures, kept.
    await session.execute(
        update(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.triage_encrypted.is_not(None))
        .values(triage_encrypted=None)
        .execution_options(synchronize_session="fetch")
    )
    conversation = await session.get_one(Conversation, conversation_id)
    conversation.location_encrypted = None
    conversation.waiting_notice_at = None
    conversation.flow_slots = {}
    conversation.active_flow = None
    conversation.flow_step = None
    conversation.mode = ConversationMode.BOT
    conversation.closed_at = conversation.closed_at or now
    return int(getattr(deleted, "rowcount", 0) or 0)


async def _with_open_urgent_ticket(session: AsyncSession, conversation_ids: list[int]) -> set[int]:
    if not conversation_ids:
        return set()
    rows = await session.scalars(
        select(Ticket.conversation_id).where(
            Ticket.conversation_id.in_(conversation_ids),
            Ticket.status.in_(OPEN),
            Ticket.priority == int(TicketPriority.URGENT),
        )
    )
    return set(rows)


__all__ = [
    "ERASED_PREFIX",
    "ErasureResult",
    "anonymise_contact",
    "complete_pending_erasure",
    "erase_contact_data",
    "finish_erasures",
    "wipe_conversation",
]
