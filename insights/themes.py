"""Theme events: anonymised at write time (DESIGN invariant 5).

A row says "on this Jakarta calendar day, someone on this channel asked about this theme in this
language" and nothing more: no user id, no text, no time of day.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ThemeEvent
from nlu.types import INTENTS

JAKARTA = ZoneInfo("Asia/Jakarta")


async def record_theme(
    session: AsyncSession,
    *,
    theme: str,
    language: str,
    channel: str,
    urgent: bool,
    handoff: bool,
    outcome: str | None,
    when: datetime,
) -> None:
    if theme not in INTENTS:
        raise ValueError(f"unknown theme {theme!r}")
    session.add(
        ThemeEvent(
            day=when.astimezone(JAKARTA).date(),
            theme=theme,
            language=language,
            channel=channel,
            urgent=urgent,
            handoff=handoff,
            outcome=outcome,
        )
    )
