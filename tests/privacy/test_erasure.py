"""/hapus: erased at once, except what an open urgent ticket needs; identity goes once replies are out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from privacy_rows import add_conversation, add_ticket, add_triage, outbound
from sqlalchemy import func, select

from bot.privacy.audit import TRANSCRIPT_VIEW, record_audit
from bot.privacy.erasure import complete_pending_erasure, erase_contact_data, finish_erasures
from bot.storage.db import transaction
from bot.storage.models import (
    AuditEvent,
    Contact,
    Conversation,
    DeliveryStatus,
    Message,
    Ticket,
    TicketNote,
    TicketStatus,
)

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


async def messages_of(session, conversation_id: int) -> int:
    return int(
        await session.scalar(select(func.count()).where(Message.conversation_id == conversation_id)) or 0
    )


async def test_erasure_without_tickets_removes_the_transcript_now(sessions) -> None:
    async with transaction(sessions) as s:
        first = await add_conversation(s, "u-1", NOW - timedelta(days=3), closed=True)
        contact = await s.get_one(Contact, first.contact_id)
        second = await add_conversation(s, "u-1", NOW, contact=contact)
        result = await erase_contact_data(s, contact.id, now=NOW)
        # The bot's confirmation is stored after the erasure, waiting to be sent (Telegram outbox).
        s.add(outbound(second, NOW, DeliveryStatus.PENDING, "Your data is being deleted."))
    assert sorted(result.erased_conversations) == sorted([first.id, second.id]) and not result.pending
    async with sessions() as s:
        assert await messages_of(s, first.id) == 0
        assert await messages_of(s, second.id) == 1  # only the confirmation
        conversation = await s.get_one(Conversation, second.id)
        assert conversation.flow_slots == {} and conversation.closed_at is not None
        contact = await s.get_one(Contact, first.contact_id)
        assert contact.erase_requested_at == NOW and contact.channel_user_id == "u-1"

    # The confirmation has not been delivered: the person must stay reachable.
    async with transaction(sessions) as s:
        assert await finish_erasures(s, now=NOW + timedelta(minutes=1)) == 0
        message = await s.scalar(select(Message).where(Message.conversation_id == second.id))
        message.delivery_status = DeliveryStatus.SENT
    async with transaction(sessions) as s:
        assert await finish_erasures(s, now=NOW + timedelta(minutes=2)) == 1
    async with sessions() as s:
        contact = await s.get_one(Contact, first.contact_id)
        assert contact.channel_user_id == f"erased:{contact.id}" and contact.erase_requested_at is None
        assert await messages_of(s, second.id) == 0
        actions = list(await s.scalars(select(AuditEvent.action)))
        assert actions == ["contact.erased"]


async def test_open_urgent_ticket_keeps_its_transcript_until_it_closes(sessions) -> None:
    async with transaction(sessions) as s:
        urgent = await add_conversation(s, "u-2", NOW - timedelta(days=1), texts=("saya dikurung",))
        contact = await s.get_one(Contact, urgent.contact_id)
        older = await add_conversation(s, "u-2", NOW - timedelta(days=30), contact=contact, closed=True)
        ticket = await add_ticket(s, urgent, NOW - timedelta(days=1), urgent=True)
        result = await erase_contact_data(s, contact.id, now=NOW)
    assert result.pending and result.kept_for_urgent_ticket == [urgent.id]
    assert result.erased_conversations == [older.id]
    async with sessions() as s:
        assert await messages_of(s, urgent.id) == 1
        assert await messages_of(s, older.id) == 0
        assert await s.scalar(select(func.count()).select_from(TicketNote)) == 1

    async with transaction(sessions) as s:  # the retention job cannot finish it either
        assert await finish_erasures(s, now=NOW + timedelta(hours=1)) == 0
        assert not await complete_pending_erasure(s, urgent.id, now=NOW + timedelta(hours=1))

    async with transaction(sessions) as s:  # staff close the ticket; handoff calls the hook
        row = await s.get_one(Ticket, ticket.id)
        row.status, row.closed_at = TicketStatus.CLOSED, NOW + timedelta(hours=2)
        assert await complete_pending_erasure(s, urgent.id, now=NOW + timedelta(hours=2))
    async with sessions() as s:
        assert await messages_of(s, urgent.id) == 0
        assert await s.scalar(select(func.count()).select_from(TicketNote)) == 0
        contact = await s.get_one(Contact, urgent.contact_id)
        assert contact.channel_user_id.startswith("erased:")
        closed = await s.get_one(Ticket, ticket.id)
        assert (
            closed.claimed_at is not None and closed.outcome is None
        )  # timing kept, outcome as staff set it


async def test_open_normal_ticket_is_closed_as_erased(sessions) -> None:
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "u-3", NOW)
        ticket = await add_ticket(s, conversation, NOW, urgent=False, status=TicketStatus.QUEUED)
        await erase_contact_data(s, conversation.contact_id, now=NOW)
    async with sessions() as s:
        row = await s.get_one(Ticket, ticket.id)
        assert (row.status, row.outcome, row.closed_at) == (TicketStatus.CLOSED, "erased", NOW)
        assert await messages_of(s, conversation.id) == 0


async def test_erasure_clears_the_triage_the_location_and_the_wait_notice(sessions) -> None:
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "u-triage", NOW)
        contact = await s.get_one(Contact, conversation.contact_id)
        older = await add_conversation(s, "u-triage", NOW - timedelta(days=9), contact=contact, closed=True)
        closed = await add_ticket(s, older, NOW - timedelta(days=9), urgent=True, status=TicketStatus.CLOSED)
        add_triage(older, closed, NOW - timedelta(days=9))
        urgent = await add_ticket(s, conversation, NOW, urgent=True)
        add_triage(conversation, urgent, NOW)
        result = await erase_contact_data(s, contact.id, now=NOW)
    assert result.kept_for_urgent_ticket == [conversation.id] and result.erased_conversations == [older.id]
    async with sessions() as s:
        wiped = await s.get_one(Conversation, older.id)
        assert (wiped.location_encrypted, wiped.waiting_notice_at) == (None, None)
        row = await s.get_one(Ticket, closed.id)
        assert row.triage_encrypted is None
        assert row.risk == 90 and row.user_not_urgent_at is not None  # figures, not content
        # Staff are still helping on the open urgent ticket: its reasons and the location stay for now.
        assert (await s.get_one(Ticket, urgent.id)).triage_encrypted is not None
        assert (await s.get_one(Conversation, conversation.id)).location_encrypted is not None
    async with transaction(sessions) as s:  # staff close it: the rest goes
        row = await s.get_one(Ticket, urgent.id)
        row.status, row.closed_at = TicketStatus.CLOSED, NOW + timedelta(hours=1)
        assert await complete_pending_erasure(s, conversation.id, now=NOW + timedelta(hours=1))
    async with sessions() as s:
        assert (await s.get_one(Ticket, urgent.id)).triage_encrypted is None
        done = await s.get_one(Conversation, conversation.id)
        assert (done.location_encrypted, done.waiting_notice_at) == (None, None)


async def test_hook_does_nothing_without_a_request(sessions) -> None:
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "u-4", NOW)
        assert not await complete_pending_erasure(s, conversation.id, now=NOW)
        assert not await complete_pending_erasure(s, conversation.id + 999, now=NOW)
    async with sessions() as s:
        assert await messages_of(s, conversation.id) == 2


async def test_a_stuck_reply_does_not_hold_an_erasure_forever(sessions) -> None:
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "u-5", NOW)
        await erase_contact_data(s, conversation.contact_id, now=NOW)
        s.add(outbound(conversation, NOW, DeliveryStatus.PENDING))
    async with transaction(sessions) as s:
        assert await finish_erasures(s, now=NOW + timedelta(hours=2)) == 0
    async with transaction(sessions) as s:
        assert await finish_erasures(s, now=NOW + timedelta(days=2)) == 1


async def test_record_audit_writes_who_what_which_ticket(sessions) -> None:
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "u-6", NOW)
        ticket = await add_ticket(s, conversation, NOW, urgent=True)
        event = await record_audit(s, None, TRANSCRIPT_VIEW, ticket.id, now=NOW)
    async with sessions() as s:
        row = await s.get_one(AuditEvent, event.id)
        assert (row.action, row.ticket_id, row.created_at) == ("transcript.view", ticket.id, NOW)
