"""SQL aggregation of theme events and ticket timings into raw counts per whole period.

Nothing here is shown to anyone directly: ``insights/report.py`` publishes each period's count
through ``insights/suppression.py`` first. Grouping is by calendar day in SQL (portable between
SQLite and PostgreSQL); days are bucketed into weeks or months in Python, which is at most a few
thousand rows for a year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import ThemeEvent, Ticket, TicketPriority
from insights.periods import Period, PeriodRange, Unit
from insights.themes import JAKARTA

MAX_FILTER_LENGTH = 40


@dataclass(frozen=True, slots=True)
class InsightsFilter:
    """Which events to count: a run of whole weeks or months, optionally one channel/language."""

    periods: PeriodRange
    channel: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        for value in (self.channel, self.language):
            if value is not None and len(value) > MAX_FILTER_LENGTH:
                raise ValueError("a filter value is too long")

    @property
    def unit(self) -> Unit:
        return self.periods.unit

    @property
    def start(self) -> date:
        return self.periods.start

    @property
    def end(self) -> date:
        return self.periods.end

    def previous(self) -> InsightsFilter:
        return InsightsFilter(self.periods.previous(), self.channel, self.language)

    @classmethod
    def default(cls, today: date, unit: Unit = Unit.WEEK) -> InsightsFilter:
        return cls(PeriodRange.default(today, unit))


def _events(f: InsightsFilter, *columns: object) -> Select[tuple[object, ...]]:
    query = select(ThemeEvent.day, *columns, func.count()).where(  # type: ignore[call-overload]
        ThemeEvent.day >= f.start, ThemeEvent.day <= f.end
    )
    if f.channel:
        query = query.where(ThemeEvent.channel == f.channel)
    if f.language:
        query = query.where(ThemeEvent.language == f.language)
    return query.group_by(ThemeEvent.day, *columns)


async def _by_period(session: AsyncSession, f: InsightsFilter, query: Select) -> Counter[tuple[date, str]]:
    counts: Counter[tuple[date, str]] = Counter()
    for day, value, n in await session.execute(query):
        counts[(Period.containing(day, f.unit).start, value)] += n
    return counts


async def counts_by(session: AsyncSession, f: InsightsFilter, column: str) -> Counter[tuple[date, str]]:
    """(period start, value) -> events, for one column: "theme", "language" or "channel"."""
    attribute = {"language": ThemeEvent.language, "channel": ThemeEvent.channel, "theme": ThemeEvent.theme}
    return await _by_period(session, f, _events(f, attribute[column]))


async def urgent_counts(session: AsyncSession, f: InsightsFilter) -> Counter[tuple[date, str]]:
    """(period start, "urgent") -> urgent events."""
    query = _events(f, ThemeEvent.urgent).where(ThemeEvent.urgent.is_(True))
    counts: Counter[tuple[date, str]] = Counter()
    for (start, _), n in (await _by_period(session, f, query)).items():
        counts[(start, "urgent")] += n
    return counts


async def outcome_counts(session: AsyncSession, f: InsightsFilter, prefix: str) -> Counter[tuple[date, str]]:
    """Flow outcomes with one prefix, e.g. "risk" -> {(period, "high"): 12} (prefix stripped)."""
    query = _events(f, ThemeEvent.outcome).where(ThemeEvent.outcome.like(f"{prefix}:%"))
    counts: Counter[tuple[date, str]] = Counter()
    for (start, outcome), n in (await _by_period(session, f, query)).items():
        counts[(start, outcome.split(":", 1)[1])] += n
    return counts


@dataclass(frozen=True, slots=True)
class TicketTiming:
    period: date  # start of the week or month the ticket was opened in
    urgent: bool
    minutes_to_claim: float | None
    minutes_to_first_reply: float | None


def jakarta_day_bounds(f: InsightsFilter) -> tuple[datetime, datetime]:
    """The filter's days as an aware [start, end) interval."""
    start = datetime.combine(f.start, time.min, JAKARTA)
    end = datetime.combine(f.end + timedelta(days=1), time.min, JAKARTA)
    return start, end


async def ticket_timings(session: AsyncSession, f: InsightsFilter) -> list[TicketTiming]:
    """Claim and first-reply delays of the tickets opened in the periods (from the tickets table)."""
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
        day = _aware(created).astimezone(JAKARTA).date()
        timings.append(
            TicketTiming(
                period=Period.containing(day, f.unit).start,
                urgent=priority == int(TicketPriority.URGENT),
                minutes_to_claim=_minutes(created, claimed),
                minutes_to_first_reply=_minutes(created, replied),
            )
        )
    return timings


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _minutes(start: datetime, end: datetime | None) -> float | None:
    if end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 60)
