"""Conversation content for staff: reading a transcript (audited), replying, templates, internal notes.

Text is encrypted at rest with the transcript cipher; only these functions decrypt it for staff, and
every read writes an AuditEvent without content.

Who may read what (least privilege, handoff/README.md "Who may read what"): supervisors and admins read
every ticket; agents read queued tickets (to decide whether to claim) and the ones they hold, nothing
closed and nothing a colleague holds. A ticket's transcript ends at its close, so the person's later
chat with the bot is never part of it. Notes go only on open tickets their writer may act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import locales
from bot.channels.whatsapp.window import service_window_open
from bot.messages import Channel
from bot.storage.crypto import TranscriptCipher
from bot.storage.models import (
    Conversation,
    DeliveryStatus,
    Direction,
    Message,
    Sender,
    StaffRole,
    StaffUser,
    Ticket,
    TicketNote,
    TicketStatus,
)
from bot.storage.types import utcnow
from handoff.canned import MSG_TEMPLATES_WHATSAPP_ONLY, ApprovedTemplate, TemplateRefused
from handoff.service import HandoffError, NotAllowed, NotPermitted, audit

# Replies to these channels go through a platform API, so they are queued for the outbox; the web
# chat pulls them (GET /chat/messages).
PUSH_CHANNELS = frozenset({Channel.TELEGRAM.value, Channel.WHATSAPP.value})

MSG_CLOSED = locales.N_(
    "Our staff member has closed this conversation. Thank you for writing to us. If you need help "
    "again, just write here: the helpline bot answers at once and can bring a person back."
)
MSG_RETURNED = locales.N_(
    "You are chatting with the helpline bot again. If you need a person, just say so; "
    "in danger, press the emergency button."
)
# How a template appears in the transcript, followed by its approved text when the file has it.
TEMPLATE_LINE = locales.N_("template: {name}")
MAX_REPLY_CHARS = 4000
MAX_NOTE_CHARS = 4000
SUPERVISING = (StaffRole.SUPERVISOR, StaffRole.ADMIN)


class TicketHidden(HandoffError):
    """No such ticket, or not one this staff member may see: the same answer for both, so that
    guessing ids tells an agent nothing about tickets they may not open."""

    status_code = 404

    def __init__(self, ticket_id: int) -> None:
        super().__init__(
            f"There is no ticket {ticket_id} that you can open. Agents open queued tickets and the ones "
            "they hold; a colleague's ticket or a closed one is for a supervisor to open."
        )


def may_read(staff: StaffUser, ticket: Ticket) -> bool:
    """May ``staff`` read this ticket's transcript and notes?"""
    if staff.role in SUPERVISING:
        return True
    if staff.role is not StaffRole.AGENT:
        return False  # programme staff never read transcripts
    if ticket.status == TicketStatus.QUEUED:
        return True  # to decide whether to claim it
    return ticket.status == TicketStatus.CLAIMED and ticket.assignee_id == staff.id


def note_refusal(staff: StaffUser, ticket: Ticket | None, ticket_id: int) -> HandoffError | None:
    """Why ``staff`` may not add a note to the ticket (None: they may). Notes go on open tickets
    their writer may act on: an agent's own, any open one for a supervisor or admin."""
    if ticket is None or not may_read(staff, ticket):
        return TicketHidden(ticket_id)
    if ticket.status not in (TicketStatus.QUEUED, TicketStatus.CLAIMED):
        return NotAllowed(
            f"Ticket {ticket_id} is {ticket.status.value}: its notes are part of the record now and "
            "can no longer be added to."
        )
    if staff.role not in SUPERVISING and not (
        ticket.status == TicketStatus.CLAIMED and ticket.assignee_id == staff.id
    ):
        return NotPermitted(
            f"Claim ticket {ticket_id} before adding a note: agents note the tickets they hold."
        )
    return None


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    id: int
    sender: str
    direction: str
    text: str
    created_at: datetime
    staff_name: str | None
    delivery_status: str


@dataclass(frozen=True, slots=True)
class NoteLine:
    id: int
    staff_name: str | None
    text: str
    created_at: datetime


def delivery_for(channel: str) -> DeliveryStatus:
    return DeliveryStatus.PENDING if channel in PUSH_CHANNELS else DeliveryStatus.NONE


async def read_transcript(
    session: AsyncSession,
    cipher: TranscriptCipher,
    ticket: Ticket,
    staff: StaffUser,
    *,
    after: int = 0,
    audited: bool = True,
) -> list[TranscriptLine]:
    """The conversation's messages after ``after`` (a message id), decrypted; audited as a view.

    :class:`TicketHidden` unless ``staff`` may read the ticket (:func:`may_read`). A closed or returned
    ticket's transcript ends at its close (the notice telling the user is stamped with the close time,
    :func:`store_user_notice`): what the person later says to the bot is not part of it."""
    if not may_read(staff, ticket):
        raise TicketHidden(ticket.id)
    query = select(Message, StaffUser.name).outerjoin(StaffUser, StaffUser.id == Message.staff_user_id)
    query = query.where(Message.conversation_id == ticket.conversation_id, Message.id > after)
    if ticket.closed_at is not None:
        query = query.where(Message.created_at <= ticket.closed_at)
    rows = await session.execute(query.order_by(Message.id).limit(500))
    if audited:
        audit(session, "transcript.view", staff.id, ticket.id)
    return [
        TranscriptLine(
            m.id,
            m.sender.value,
            m.direction.value,
            cipher.decrypt(m.text_encrypted),
            m.created_at,
            name,
            m.delivery_status.value,
        )
        for m, name in rows.all()
    ]


async def read_notes(session: AsyncSession, cipher: TranscriptCipher, ticket_id: int) -> list[NoteLine]:
    rows = await session.execute(
        select(TicketNote, StaffUser.name)
        .outerjoin(StaffUser, StaffUser.id == TicketNote.staff_user_id)
        .where(TicketNote.ticket_id == ticket_id)
        .order_by(TicketNote.id)
    )
    return [NoteLine(n.id, name, cipher.decrypt(n.text_encrypted), n.created_at) for n, name in rows.all()]


async def window_open(session: AsyncSession, ticket: Ticket, now: datetime | None = None) -> bool:
    """May staff send free text? Always, except on WhatsApp outside the 24-hour service window."""
    if ticket.channel != Channel.WHATSAPP.value:
        return True
    last_inbound = await session.scalar(
        select(Conversation.last_inbound_at).where(Conversation.id == ticket.conversation_id)
    )
    return service_window_open(last_inbound, now or utcnow())


async def _held_by(session: AsyncSession, ticket_id: int, staff: StaffUser) -> Ticket:
    """Only the staff member holding the ticket writes to the user (one human per conversation)."""
    ticket = await session.scalar(select(Ticket).where(Ticket.id == ticket_id).with_for_update())
    if ticket is None or ticket.status != TicketStatus.CLAIMED or ticket.assignee_id != staff.id:
        raise NotAllowed("Claim the ticket before replying (or it is held by someone else).")
    return ticket


async def _store_staff_message(
    session: AsyncSession,
    cipher: TranscriptCipher,
    ticket: Ticket,
    staff: StaffUser,
    text: str,
    *,
    template_name: str | None = None,
    template_language: str | None = None,
) -> Message:
    now = utcnow()
    message = Message(
        conversation_id=ticket.conversation_id,
        direction=Direction.OUT,
        sender=Sender.STAFF,
        staff_user_id=staff.id,
        text_encrypted=cipher.encrypt(text),
        buttons=[],
        delivery_status=delivery_for(ticket.channel),
        created_at=now,
        template_name=template_name,
        template_language=template_language,
    )
    session.add(message)
    if ticket.first_reply_at is None:  # the response-time figure: a template answers like a reply
        ticket.first_reply_at = now
    await session.flush()
    return message


async def store_staff_reply(
    session: AsyncSession, cipher: TranscriptCipher, ticket_id: int, staff: StaffUser, text: str
) -> tuple[Ticket, Message]:
    text = text.strip()
    if not text:
        raise NotAllowed("The reply is empty.")
    if len(text) > MAX_REPLY_CHARS:
        raise NotAllowed(f"The reply is longer than {MAX_REPLY_CHARS} characters.")
    ticket = await _held_by(session, ticket_id, staff)
    if not await window_open(session, ticket):
        raise NotAllowed(
            "WhatsApp's 24-hour window is closed: free text would not be delivered. "
            "Send an approved template instead."
        )
    return ticket, await _store_staff_message(session, cipher, ticket, staff, text)


async def store_staff_template(
    session: AsyncSession,
    cipher: TranscriptCipher,
    ticket_id: int,
    staff: StaffUser,
    template: ApprovedTemplate,
) -> tuple[Ticket, Message]:
    """Queue an approved WhatsApp template (allowed outside the 24-hour window); the transcript keeps
    "template: NAME" and the approved text in the conversation's language, the one the user receives."""
    ticket = await _held_by(session, ticket_id, staff)
    if ticket.channel != Channel.WHATSAPP.value:
        raise TemplateRefused(MSG_TEMPLATES_WHATSAPP_ONLY, status_code=409, channel=ticket.channel)
    conversation = await session.get_one(Conversation, ticket.conversation_id)
    lang = template.translation_for(conversation.language)
    line = locales.translate(lang, TEMPLATE_LINE, name=template.name)
    body = template.text_for(lang)
    text = f"{line}\n{body}" if body else line
    message = await _store_staff_message(
        session,
        cipher,
        ticket,
        staff,
        text,
        template_name=template.name,
        template_language=template.language_codes[lang],
    )
    audit(session, "ticket.template", staff.id, ticket.id)
    return ticket, message


def store_user_notice(
    session: AsyncSession,
    cipher: TranscriptCipher,
    ticket: Ticket,
    conversation: Conversation,
    *,
    closed: bool,
) -> Message:
    """Tell the user the human part is over and the bot is back (in their language)."""
    text = locales.translate(conversation.language, MSG_CLOSED if closed else MSG_RETURNED)
    message = Message(
        conversation_id=conversation.id,
        direction=Direction.OUT,
        sender=Sender.BOT,
        text_encrypted=cipher.encrypt(text),
        buttons=[],
        delivery_status=delivery_for(ticket.channel),
        # The close time itself: the last line of the ticket's transcript (read_transcript stops there).
        created_at=ticket.closed_at or utcnow(),
    )
    session.add(message)
    return message


async def add_note(
    session: AsyncSession, cipher: TranscriptCipher, ticket_id: int, staff: StaffUser, text: str
) -> TicketNote:
    text = text.strip()
    if not text or len(text) > MAX_NOTE_CHARS:
        raise NotAllowed(f"A note must have 1 to {MAX_NOTE_CHARS} characters.")
    # Locked, so a note cannot slip in while the ticket is being closed or handed over.
    ticket = await session.scalar(
        select(Ticket)
        .where(Ticket.id == ticket_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    refusal = note_refusal(staff, ticket, ticket_id)
    if refusal is not None:
        raise refusal
    note = TicketNote(
        ticket_id=ticket_id, staff_user_id=staff.id, text_encrypted=cipher.encrypt(text), created_at=utcnow()
    )
    session.add(note)
    audit(session, "ticket.note", staff.id, ticket_id)
    return note
