"""Audit trail of staff access to personal data: who did what to which ticket, when. Never content."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import AuditEvent
from bot.storage.types import utcnow

TRANSCRIPT_VIEW = "transcript.view"
TRANSCRIPT_EXPORT = "transcript.export"


async def record_audit(
    session: AsyncSession,
    staff_user_id: int | None,
    action: str,
    ticket_id: int | None,
    *,
    now: datetime | None = None,
) -> AuditEvent:
    """Add one audit event in the caller's transaction (so a view that fails leaves no false record)."""
    if not action or len(action) > 40:
        raise ValueError("action must be 1-40 characters, e.g. 'transcript.view'")
    event = AuditEvent(
        staff_user_id=staff_user_id, action=action, ticket_id=ticket_id, created_at=now or utcnow()
    )
    session.add(event)
    await session.flush()
    return event
