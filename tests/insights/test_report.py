"""Theme events are anonymous at write time; the report counts them right and suppresses small cells."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from bot.storage.db import transaction
from bot.storage.models import Contact, Conversation, ThemeEvent, Ticket, TicketPriority, TicketStatus
from insights.aggregation import InsightsFilter
from insights.periods import PeriodRange
from insights.report import THEMES, build_report
from insights.themes import record_theme

MONDAY = date(2026, 3, 2)
K = 10


def test_theme_events_have_no_column_that_could_identify_a_person() -> None:
    columns = {c.key for c in sa_inspect(ThemeEvent).columns}
    assert columns == {"id", "day", "theme", "language", "channel", "urgent", "handoff", "outcome"}


async def test_record_theme_keeps_only_the_jakarta_day(sessions) -> None:
    async with transaction(sessions) as s:
        # 18:30 UTC is 01:30 the next morning in Jakarta: the event belongs to that day.
        await record_theme(
            s,
            theme="fees",
            language="id",
            channel="telegram",
            urgent=False,
            handoff=False,
            outcome=None,
            when=datetime(2026, 3, 1, 18, 30, tzinfo=UTC),
        )
        with pytest.raises(ValueError):
            await record_theme(
                s,
                theme="not_a_theme",
                language="id",
                channel="telegram",
                urgent=False,
                handoff=False,
                outcome=None,
                when=datetime(2026, 3, 1, tzinfo=UTC),
            )
    async with sessions() as s:
        assert await s.scalar(select(ThemeEvent.day)) == date(2026, 3, 2)


def events(theme: str, n: int, day: date, **kw) -> list[ThemeEvent]:
    base = {"language": "id", "channel": "whatsapp", "urgent": False, "handoff": False, "outcome": None}
    return [ThemeEvent(day=day, theme=theme, **{**base, **kw}) for _ in range(n)]


async def seed(sessions) -> None:
    async with transaction(sessions) as s:
        s.add_all(events("agency_check", 25, MONDAY, outcome="agency:revoked"))
        s.add_all(
            events(
                "agency_check", 15, MONDAY + timedelta(days=8), channel="telegram", outcome="agency:licensed"
            )
        )
        s.add_all(events("documents", 12, MONDAY + timedelta(days=1), language="en"))
        s.add_all(events("documents", 20, MONDAY + timedelta(days=9)))
        s.add_all(events("emergency", 11, MONDAY + timedelta(days=2), urgent=True, handoff=True))
        s.add_all(events("warning_signs", 14, MONDAY + timedelta(days=3), outcome="risk:high"))
        s.add_all(events("warning_signs", 4, MONDAY + timedelta(days=3), outcome="risk:low"))
        s.add_all(events("fees", 30, MONDAY - timedelta(days=14)))  # the previous period


def two_weeks(**kw) -> InsightsFilter:
    return InsightsFilter(PeriodRange.parse("2026-W10", "2026-W11"), **kw)  # MONDAY's week and the next


async def test_weekly_themes_and_the_previous_period(sessions) -> None:
    await seed(sessions)
    f = two_weeks()
    assert [p.start for p in f.periods.periods] == [MONDAY, MONDAY + timedelta(days=7)]
    assert f.previous().periods == PeriodRange.parse("2026-W08", "2026-W09")
    async with sessions() as s:
        report = await build_report(s, f, K)
    weekly = report.themes_by_period
    assert weekly.columns == ["2026-W10", "2026-W11"]
    assert weekly.rows[:4] == [
        "agency_check",
        "documents",
        "warning_signs",
        "emergency",
    ]  # by published total
    assert set(weekly.rows) == set(THEMES)  # every theme is listed, so 0 and 1..9 look the same
    assert weekly.cell("agency_check", "2026-W10").value == 30  # 25, rounded to the nearest 10
    assert weekly.cell("agency_check", "2026-W11").value == 20  # 15
    assert weekly.cell("emergency", "2026-W10").value == 10  # 11
    assert weekly.cell("greet", "2026-W10").display(K) == "<10"  # a true 0
    # A week's total is the sum of its published cells (30 + 10 + 10 + 20), not a rounded raw total.
    assert weekly.table.column_totals[0].value == 70
    assert report.themes_compare.cell("fees", "previous_period").value == 30
    assert report.themes_compare.cell("fees", "this_period").display(K) == "<10"
    # The period total of a theme is the same published value in both views.
    row = weekly.rows.index("emergency")
    assert report.themes_compare.cell("emergency", "this_period") is weekly.table.row_totals[row]


async def test_languages_channels_outcomes_and_urgent_weeks(sessions) -> None:
    await seed(sessions)
    async with sessions() as s:
        report = await build_report(s, two_weeks(), K)
    # Sums of each week's published figure: 54 -> 50 and 35 -> 40.
    assert report.languages.cell("id", "events").value == 90
    assert report.languages.cell("en", "events").value == 10
    assert report.channels.cell("telegram", "events").value == 20
    assert report.job_offer_risk.rows == ["low", "medium", "high"]
    assert report.job_offer_risk.cell("low", "events").display(K) == "<10"
    assert report.job_offer_risk.cell("medium", "events").display(K) == "<10"
    assert report.job_offer_risk.cell("high", "events").value == 10
    assert report.job_offer_risk.table.total.value == 10  # total minus the visible cells: 0
    assert report.agency_check.cell("revoked", "events").value == 30
    urgent = report.urgent_by_period
    assert urgent.rows == ["2026-W10", "2026-W11"]
    assert urgent.cell("2026-W10", "urgent_events").value == 10
    assert urgent.cell("2026-W11", "urgent_events").display(K) == "<10"


async def test_months_are_sums_of_nothing_but_their_own_count(sessions) -> None:
    await seed(sessions)
    async with sessions() as s:
        march = await build_report(s, InsightsFilter(PeriodRange.parse("2026-03")), K)
    assert march.themes_by_period.columns == ["2026-03"]
    assert march.themes_by_period.cell("agency_check", "2026-03").value == 40  # 25 + 15, one count


async def test_filters_by_channel_and_language(sessions) -> None:
    await seed(sessions)
    async with sessions() as s:
        telegram = await build_report(s, two_weeks(channel="telegram"), K)
        english = await build_report(s, two_weeks(language="en"), K)
        nothing = await build_report(s, two_weeks(channel="sms"), K)
    assert telegram.themes_by_period.rows[0] == "agency_check"
    assert telegram.themes_by_period.table.total.value == 20
    assert telegram.channels.cell("telegram", "events").value == 20
    assert english.languages.cell("en", "events").value == 10
    assert english.themes_by_period.table.total.value == 10
    assert all(section.table.total.suppressed for section in nothing.sections)


async def test_handoff_times_from_tickets(sessions) -> None:
    opened = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # 10:00 in Jakarta
    async with transaction(sessions) as s:
        contact = Contact(channel="telegram", channel_user_id="t-1")
        s.add(contact)
        await s.flush()
        conversation = Conversation(contact_id=contact.id, language="id", flow_slots={})
        s.add(conversation)
        await s.flush()
        for minutes in range(1, 11):  # ten urgent tickets claimed after 1..10 minutes
            s.add(
                Ticket(
                    conversation_id=conversation.id,
                    priority=int(TicketPriority.URGENT),
                    status=TicketStatus.CLOSED,
                    reason="t",
                    channel="telegram",
                    language="id",
                    created_at=opened,
                    claimed_at=opened + timedelta(minutes=minutes),
                    first_reply_at=opened + timedelta(minutes=minutes + 2),
                )
            )
        for minutes in range(20, 140, 10):  # twelve normal ones, claimed after 20..130 minutes
            s.add(
                Ticket(
                    conversation_id=conversation.id,
                    priority=int(TicketPriority.NORMAL),
                    status=TicketStatus.CLOSED,
                    reason="t",
                    channel="telegram",
                    language="id",
                    created_at=opened,
                    claimed_at=opened + timedelta(minutes=minutes),
                )
            )
        for minutes in (5, 6, 7):  # three on WhatsApp: too few to publish anything about
            s.add(
                Ticket(
                    conversation_id=conversation.id,
                    priority=int(TicketPriority.URGENT),
                    status=TicketStatus.CLOSED,
                    reason="t",
                    channel="whatsapp",
                    language="id",
                    created_at=opened,
                    claimed_at=opened + timedelta(minutes=minutes),
                )
            )
        s.add(
            Ticket(
                conversation_id=conversation.id,
                priority=int(TicketPriority.NORMAL),
                status=TicketStatus.CLOSED,
                reason="t",
                channel="telegram",
                language="id",
                created_at=opened - timedelta(days=30),
            )
        )  # outside the period
    week = PeriodRange.parse("2026-W10")
    async with sessions() as s:
        report = await build_report(s, InsightsFilter(week, channel="telegram"), K)
        few = await build_report(s, InsightsFilter(week, channel="whatsapp"), K)
    urgent, normal, everyone = report.handoff_times
    assert urgent.tickets.value == 10
    assert (urgent.median_to_claim, urgent.p90_to_claim) == (5.5, 9.1)
    assert (urgent.median_to_first_reply, urgent.p90_to_first_reply) == (7.5, 11.1)
    assert normal.median_to_claim == 75.0
    assert normal.median_to_first_reply is None  # none of them had a reply yet
    assert normal.tickets.value == 10  # 12, rounded
    assert everyone.tickets.value == 20 and everyone.median_to_claim == 25.0  # the sum of the two
    assert everyone.median_to_first_reply == 7.5  # only tickets with a reply count
    assert [h.tickets.display(K) for h in few.handoff_times] == ["<10", "<10", "<10"]
    assert all(h.median_to_claim is None and h.p90_to_claim is None for h in few.handoff_times)


def test_the_default_is_the_latest_thirteen_published_weeks() -> None:
    default = InsightsFilter.default(date(2026, 3, 12))  # a Thursday: W11 is still running
    assert default.periods.last.key == "2026-W10"
    assert len(default.periods.periods) == 13 and default.start.weekday() == 0
    assert default.end == date(2026, 3, 8)
