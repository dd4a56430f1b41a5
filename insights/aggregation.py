"""SQL aggregation of theme events and ticket timings into raw counts (before suppression).

Nothing here is shown to anyone directly: ``insights/report.py`` suppresses small counts first.
Grouping is by calendar day in SQL (portable between SQLite and PostgreSQL); weeks are formed
in Python from the days, which is at most a few thousand rows for a year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ThemeEvent, Ticket, TicketPriority
from insights.themes import JAKARTA

DEFAULT_WEEKS = 13  # a quarter: the usual reporting period for funders


@dataclass(frozen=True, slots=True)
class InsightsFilter:
    """Which events to count: an inclusive range of Jakarta days, optionally one channel/language."""

    start: date
    end: date
    channel: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the end date is before the start date")
        if (self.end - self.start).days > 3 * 366:
            raise ValueError("choose at most three years")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> InsightsFilter:
        """The period of the same length just before this one ("this period against the last")."""
        end = self.start - timedelta(days=1)
        return replace(self, start=end - timedelta(days=self.days - 1), end=end)

    @classmethod
    def default(cls, today: date) -> InsightsFilter:
        """The last 13 whole-or-current weeks, starting on a Monday."""
        this_monday = week_start(today)
        return cls(start=this_monday - timedelta(weeks=DEFAULT_WEEKS - 1), end=today)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_in(f: InsightsFilter) -> list[date]:
    """Monday of every week that overlaps the filter range (edge weeks may be partial)."""
    first, weeks = week_start(f.start), []
    while first <= f.end:
        weeks.append(first)
        first += timedelta(weeks=1)
    return weeks


def _events(f: InsightsFilter, *columns: object) -> Select[tuple[object, ...]]:
    query = select(*columns, func.count()).where(ThemeEvent.day >= f.start, ThemeEvent.day <= f.end)  # type: ignore[call-overload]
    if f.channel:
        query = query.where(ThemeEvent.channel == f.channel)
    if f.language:
        query = query.where(ThemeEvent.language == f.language)
    return query.group_by(*columns)


async def weekly_theme_counts(session: AsyncSession, f: InsightsFilter) -> dict[tuple[str, date], int]:
    """(theme, week Monday) -> events."""
    counts: Counter[tuple[str, date]] = Counter()
    for day, theme, n in await session.execute(_events(f, ThemeEvent.day, ThemeEvent.theme)):
        counts[(theme, week_start(day))] += n
    return dict(counts)


async def weekly_urgent_counts(session: AsyncSession, f: InsightsFilter) -> dict[date, int]:
    """week Monday -> urgent events."""
    counts: Counter[date] = Counter()
    query = _events(f, ThemeEvent.day).where(ThemeEvent.urgent.is_(True))
    for day, n in await session.execute(query):
        counts[week_start(day)] += n
    return dict(counts)


async def counts_by(session: AsyncSession, f: InsightsFilter, column: str) -> dict[str, int]:
    """Events per value of one column: "language", "channel" or "theme"."""
    attribute = {"language": ThemeEvent.language, "channel": ThemeEvent.channel, "theme": ThemeEvent.theme}
    rows = await session.execute(_events(f, attribute[column]))
    return {value: n for value, n in rows}


async def outcome_counts(session: AsyncSession, f: InsightsFilter, prefix: str) -> dict[str, int]:
    """Flow outcomes with one prefix, e.g. "risk" -> {"high": 12, "low": 40} (prefix stripped)."""
    query = _events(f, ThemeEvent.outcome).where(ThemeEvent.outcome.like(f"{prefix}:%"))
    return {outcome.split(":", 1)[1]: n for outcome, n in await session.execute(query)}


async def filter_choices(session: AsyncSession) -> tuple[list[str], list[str]]:
    """Channels and languages that occur at all, for the filter form (no counts)."""
    channels = await session.scalars(select(ThemeEvent.channel).distinct().order_by(ThemeEvent.channel))
    languages = await session.scalars(select(ThemeEvent.language).distinct().order_by(ThemeEvent.language))
    return list(channels), list(languages)


@dataclass(frozen=True, slots=True)
class TicketTiming:
    urgent: bool
    minutes_to_claim: float | None
    minutes_to_first_reply: float | None


def jakarta_day_bounds(f: InsightsFilter) -> tuple[datetime, datetime]:
    """The filter's days as an aware [start, end) interval."""
    start = datetime.combine(f.start, time.min, JAKARTA)
    end = datetime.combine(f.end + timedelta(days=1), time.min, JAKARTA)
    return start, end


async def ticket_timings(session: AsyncSession, f: InsightsFilter) -> list[TicketTiming]:
    """Claim and first-reply delays of the tickets opened in the period (from the tickets table)."""
    start, end = jakarta_day_bounds(f)
    query = select(Ticket.priority, Ticket.created_at, Ticket.claimed_at, Ticket.first_reply_at).where(
        Ticket.created_at >= start, Ticket.created_at < end
    )
    if f.channel:
        query = query.where(Ticket.channel == f.channel)
    if f.language:
        query = query.where(Ticket.language == f.language)
    timings = []
    for priority, created, claimed, replied in await session.execute(query):
        timings.append(
            TicketTiming(
                urgent=priority == int(TicketPriority.URGENT),
                minutes_to_claim=_minutes(created, claimed),
                minutes_to_first_reply=_minutes(created, replied),
            )
        )
    return timings


def _minutes(start: datetime, end: datetime | None) -> float | None:
    if end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 60)
