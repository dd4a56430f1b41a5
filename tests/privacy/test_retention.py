"""Retention with a frozen clock: what is older than the period goes, everything else stays."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from privacy_rows import CIPHER, add_conversation, add_ticket, add_triage
from sqlalchemy import func, select, update

from bot.privacy import retention
from bot.privacy.retention import purge, start_retention_job, stop_retention_job
from bot.settings import load_settings
from bot.storage.db import transaction
from bot.storage.models import (
    Contact,
    Conversation,
    Direction,
    Message,
    ProcessedDelivery,
    Sender,
    Ticket,
    TicketNote,
    TicketStatus,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


async def count(session, model, *where) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_nothing_goes_before_the_retention_period_ends(sessions) -> None:
    async with transaction(sessions) as s:
        await add_conversation(s, "u-1", T0, closed=True)
    async with transaction(sessions) as s:
        report = await purge(s, now=T0 + timedelta(days=89, hours=23), retention_days=90)
    assert report.conversations_wiped == 0
    async with sessions() as s:
        assert await count(s, Message) == 2
        assert await s.scalar(select(Contact.channel_user_id)) == "u-1"


async def test_transcripts_and_identity_go_after_the_retention_period(sessions) -> None:
    async with transaction(sessions) as s:
        old = await add_conversation(s, "u-old", T0, closed=True)
        s.add(ProcessedDelivery(channel="telegram", message_id="m-1", received_at=T0))
        ticket = await add_ticket(s, old, T0, urgent=False, status=TicketStatus.CLOSED)
        recent = await add_conversation(s, "u-recent", T0 + timedelta(days=60))
    async with transaction(sessions) as s:
        report = await purge(s, now=T0 + timedelta(days=91), retention_days=90)
    assert (report.conversations_wiped, report.messages_deleted) == (1, 2)
    assert (report.contacts_anonymised, report.deliveries_deleted) == (1, 1)
    async with sessions() as s:
        assert await count(s, Message, Message.conversation_id == old.id) == 0
        assert await count(s, TicketNote) == 0
        assert await count(s, Message, Message.conversation_id == recent.id) == 2
        wiped = await s.get_one(Conversation, old.id)
        assert wiped.flow_slots == {} and wiped.active_flow is None
        users = set(await s.scalars(select(Contact.channel_user_id)))
        assert users == {f"erased:{wiped.contact_id}", "u-recent"}
        # The ticket row stays for handoff statistics: times and outcome, no content.
        kept = await s.get_one(Ticket, ticket.id)
        assert kept.claimed_at is not None
    async with transaction(sessions) as s:  # a second pass finds nothing new
        again = await purge(s, now=T0 + timedelta(days=92), retention_days=90)
    assert again.conversations_wiped == again.contacts_anonymised == again.messages_deleted == 0


async def test_idle_open_conversation_expires_but_not_one_with_an_open_ticket(sessions) -> None:
    async with transaction(sessions) as s:
        idle = await add_conversation(s, "u-idle", T0)
        waiting = await add_conversation(s, "u-waiting", T0)
        await add_ticket(s, waiting, T0, urgent=True)
    async with transaction(sessions) as s:
        await purge(s, now=T0 + timedelta(days=200), retention_days=90)
    async with sessions() as s:
        assert await count(s, Message, Message.conversation_id == idle.id) == 0
        assert (await s.get_one(Conversation, idle.id)).closed_at is not None
        # An open ticket means staff may still be helping: nothing of it is touched.
        assert await count(s, Message, Message.conversation_id == waiting.id) == 2
        assert await count(s, TicketNote) == 1
        assert await s.scalar(select(func.count()).where(Contact.channel_user_id == "u-waiting")) == 1


async def test_retention_clears_the_triage_and_the_location(sessions) -> None:
    async with transaction(sessions) as s:
        old = await add_conversation(s, "u-old", T0, closed=True)
        ticket = await add_ticket(s, old, T0, urgent=True, status=TicketStatus.CLOSED)
        add_triage(old, ticket, T0)
        # Wiped before triage existed (no messages, notes or slots left) but with a location stored.
        bare = await add_conversation(s, "u-bare", T0, texts=(), closed=True)
        bare.flow_slots, bare.active_flow = {}, None
        bare.location_encrypted = CIPHER.encrypt("SA:riyadh")
        await s.flush()  # (the changes above stamped updated_at with today: back to T0)
        await s.execute(update(Conversation).values(updated_at=T0))
    async with transaction(sessions) as s:
        report = await purge(s, now=T0 + timedelta(days=91), retention_days=90)
    assert report.conversations_wiped == 2
    async with sessions() as s:
        for conversation_id in (old.id, bare.id):
            wiped = await s.get_one(Conversation, conversation_id)
            assert (wiped.location_encrypted, wiped.waiting_notice_at) == (None, None)
        assert (await s.get_one(Ticket, ticket.id)).triage_encrypted is None


async def test_a_late_message_keeps_the_conversation(sessions) -> None:
    """Activity is the newest of the conversation's update, close and messages (staff replies too)."""
    async with transaction(sessions) as s:
        conversation = await add_conversation(s, "u-1", T0, texts=("lama",))
        conversation_id = conversation.id
    async with transaction(sessions) as s:
        await add_conversation(s, "ignored", T0, texts=())  # another contact, so the query has company
        late = await add_conversation(s, "u-2", T0, texts=())
        s.add(
            Message(
                conversation_id=late.id,
                direction=Direction.OUT,
                sender=Sender.STAFF,
                text_encrypted=CIPHER.encrypt("baru"),
                created_at=T0 + timedelta(days=80),
            )
        )
    async with transaction(sessions) as s:
        await purge(s, now=T0 + timedelta(days=100), retention_days=90)
    async with sessions() as s:
        assert await count(s, Message, Message.conversation_id == conversation_id) == 0
        assert await count(s, Message, Message.conversation_id == late.id) == 1


async def test_the_job_runs_in_the_app_and_stops_cleanly(sessions, monkeypatch) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=120)
    async with transaction(sessions) as s:
        await add_conversation(s, "u-job", long_ago, closed=True)
    monkeypatch.setattr(retention, "FIRST_RUN_DELAY_SECONDS", 0)
    services = SimpleNamespace(
        settings=load_settings(retention_days=90, retention_interval_minutes=60), sessions=sessions, extras={}
    )
    start_retention_job(services)  # type: ignore[arg-type]
    task = services.extras[retention.JOB_KEY]
    for _ in range(100):
        async with sessions() as s:
            if await count(s, Message) == 0:
                break
        await asyncio.sleep(0.05)
    async with sessions() as s:
        assert await count(s, Message) == 0
    await stop_retention_job(services)  # type: ignore[arg-type]
    assert task.cancelled() and retention.JOB_KEY not in services.extras


def test_interval_zero_disables_the_job() -> None:
    services = SimpleNamespace(settings=load_settings(retention_interval_minutes=0), extras={})
    start_retention_job(services)  # type: ignore[arg-type]
    assert services.extras == {}
