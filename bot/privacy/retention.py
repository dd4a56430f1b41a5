"""Retention: transcripts and contact data of conversations idle longer than the retention period
(``HELPLINE_RETENTION_DAYS``, default 90) are deleted, by `helpline purge` and by a job in the app.

A conversation expires when nothing happened in it (state change, message, close) for the whole
period and no ticket on it is open. Its messages, staff notes, tickets' triage (reasons, first
words), location and flow slots are deleted; ticket rows stay (times, risk and outcomes only) for the
handoff statistics. A contact whose conversations
have all expired loses its identity (channel user id). Old idempotency keys go too.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.privacy.erasure import ERASED_PREFIX, OPEN, anonymise_contact, finish_erasures, wipe_conversation
from bot.storage.db import transaction
from bot.storage.models import Contact, Conversation, Message, ProcessedDelivery, Ticket, TicketNote
from bot.storage.types import utcnow

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)
JOB_KEY = "retention_job"
FIRST_RUN_DELAY_SECONDS = 60  # let start-up finish (and short test apps end) before the first pass


@dataclass(slots=True)
class PurgeReport:
    conversations_wiped: int = 0
    messages_deleted: int = 0
    contacts_anonymised: int = 0
    deliveries_deleted: int = 0
    erasures_completed: int = 0


async def expired_conversations(session: AsyncSession, cutoff: datetime) -> list[tuple[int, int]]:
    """(conversation id, contact id) of conversations with no activity since ``cutoff`` and no open ticket."""
    last_message = (
        select(Message.conversation_id, func.max(Message.created_at).label("last_at"))
        .group_by(Message.conversation_id)
        .subquery()
    )
    open_tickets = select(Ticket.conversation_id).where(Ticket.status.in_(OPEN))
    rows = await session.execute(
        select(Conversation.id, Conversation.contact_id, Conversation.closed_at, last_message.c.last_at)
        .outerjoin(last_message, last_message.c.conversation_id == Conversation.id)
        .where(Conversation.updated_at < cutoff, Conversation.id.not_in(open_tickets))
    )
    return [
        (conversation_id, contact_id)
        for conversation_id, contact_id, closed_at, last_at in rows
        if (closed_at is None or closed_at < cutoff) and (last_at is None or _aware(last_at) < cutoff)
    ]


def _aware(value: datetime) -> datetime:
    # func.max() bypasses the UTCDateTime column type, so SQLite hands back a naive UTC value.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def purge(session: AsyncSession, *, now: datetime, retention_days: int) -> PurgeReport:
    """One retention pass at ``now`` (injected, so tests freeze the clock)."""
    if retention_days < 1:
        raise ValueError("retention_days must be at least 1")
    cutoff = now - timedelta(days=retention_days)
    report = PurgeReport()
    expired = await expired_conversations(session, cutoff)
    expired_ids = {conversation_id for conversation_id, _ in expired}
    for conversation_id, _ in expired:
        if await _has_content(session, conversation_id):
            report.messages_deleted += await wipe_conversation(
                session, conversation_id, now=now, keep_undelivered=False
            )
            report.conversations_wiped += 1
    # A contact keeps its identity while any of its conversations is still within retention.
    active = {
        contact_id
        for conversation_id, contact_id in await session.execute(
            select(Conversation.id, Conversation.contact_id)
        )
        if conversation_id not in expired_ids
    }
    contacts = await session.scalars(
        select(Contact).where(
            Contact.created_at < cutoff, Contact.channel_user_id.not_like(f"{ERASED_PREFIX}%")
        )
    )
    for contact in list(contacts):
        if contact.id not in active:
            anonymise_contact(contact)
            report.contacts_anonymised += 1
    deliveries = await session.execute(
        delete(ProcessedDelivery).where(ProcessedDelivery.received_at < cutoff)
    )
    report.deliveries_deleted = int(getattr(deliveries, "rowcount", 0) or 0)
    report.erasures_completed = await finish_erasures(session, now=now)
    return report


async def _has_content(session: AsyncSession, conversation_id: int) -> bool:
    """Already-wiped conversations are skipped, so each pass only reports what it deleted."""
    message = await session.scalar(
        select(Message.id).where(Message.conversation_id == conversation_id).limit(1)
    )
    if message is not None:
        return True
    note = await session.scalar(
        select(TicketNote.id)
        .join(Ticket, Ticket.id == TicketNote.ticket_id)
        .where(Ticket.conversation_id == conversation_id)
        .limit(1)
    )
    if note is not None:
        return True
    triage = await session.scalar(
        select(Ticket.id)
        .where(Ticket.conversation_id == conversation_id, Ticket.triage_encrypted.is_not(None))
        .limit(1)
    )
    if triage is not None:
        return True
    conversation = await session.get_one(Conversation, conversation_id)
    return (
        bool(conversation.flow_slots)
        or conversation.active_flow is not None
        or conversation.closed_at is None
        or conversation.location_encrypted is not None
    )


async def run_purge(
    sessions: async_sessionmaker[AsyncSession], *, retention_days: int, now: datetime | None = None
) -> PurgeReport:
    async with transaction(sessions) as session:
        report = await purge(session, now=now or utcnow(), retention_days=retention_days)
    log.info("retention pass done", extra=asdict(report))
    return report


async def _job(services: Services, interval_seconds: float) -> None:
    await asyncio.sleep(min(FIRST_RUN_DELAY_SECONDS, interval_seconds))
    while True:
        try:
            await run_purge(services.sessions, retention_days=services.settings.retention_days)
        except Exception:  # a failed pass (database briefly down) must not end the job
            log.exception("retention pass failed; will retry at the next interval")
        await asyncio.sleep(interval_seconds)


def start_retention_job(services: Services) -> None:
    """Start the periodic retention pass as a task of the running app (interval 0: disabled)."""
    minutes = services.settings.retention_interval_minutes
    if minutes <= 0 or JOB_KEY in services.extras:
        return
    services.extras[JOB_KEY] = asyncio.create_task(_job(services, minutes * 60), name="helpline-retention")


async def stop_retention_job(services: Services) -> None:
    task = services.extras.pop(JOB_KEY, None)
    if isinstance(task, asyncio.Task):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
