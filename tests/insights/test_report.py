"""Theme events are anonymous at write time; the report counts them right and suppresses small cells."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select

from bot.storage.db import transaction
from bot.storage.models import Contact, Conversation, ThemeEvent, Ticket, TicketPriority, TicketStatus
from insights.aggregation import InsightsFilter, weeks_in
from insights.report import build_report
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


async def test_weekly_themes_and_the_previous_period(sessions) -> None:
    await seed(sessions)
    f = InsightsFilter(MONDAY, MONDAY + timedelta(days=13))
    assert weeks_in(f) == [MONDAY, MONDAY + timedelta(days=7)]
    assert f.previous() == InsightsFilter(MONDAY - timedelta(days=14), MONDAY - timedelta(days=1))
    async with sessions() as s:
        report = await build_report(s, f, K)
    weekly = report.themes_weekly
    assert weekly.columns == ["2026-03-02", "2026-03-09"]
    assert weekly.rows[:3] == ["agency_check", "documents", "warning_signs"]  # by visible period total
    assert weekly.cell("agency_check", "2026-03-02").value == 25
    assert weekly.cell("agency_check", "2026-03-09").value == 15
    assert weekly.cell("emergency", "2026-03-02").value == 11
    assert weekly.table.column_totals[0].value == 25 + 12 + 11 + 18
    assert report.themes_compare.cell("fees", "previous_period").value == 30
    assert report.themes_compare.cell("fees", "this_period").value == 0
    # The period total of a theme is the same published value in both views.
    row = weekly.rows.index("emergency")
    assert report.themes_compare.cell("emergency", "this_period") is weekly.table.row_totals[row]


async def test_languages_channels_outcomes_and_urgent_weeks(sessions) -> None:
    await seed(sessions)
    f = InsightsFilter(MONDAY, MONDAY + timedelta(days=13))
    async with sessions() as s:
        report = await build_report(s, f, K)
    assert report.languages.cell("id", "events").value == 25 + 15 + 20 + 11 + 18
    assert report.languages.cell("en", "events").value == 12
    assert report.channels.cell("telegram", "events").value == 15
    assert report.job_offer_risk.rows[:3] == ["low", "medium", "high"]
    # 4 low-risk results are "<10"; with the total 18 shown, the 14 high-risk ones must be hidden too.
    assert report.job_offer_risk.cell("low", "events").display(K) == "<10"
    assert report.job_offer_risk.cell("high", "events").display(K) == "x"
    assert report.job_offer_risk.cell("medium", "events").value == 0
    assert report.job_offer_risk.table.total.value == 18
    assert report.agency_check.cell("revoked", "events").value == 25
    urgent = report.urgent_weekly
    assert urgent.rows == ["2026-03-02", "2026-03-09"]
    assert urgent.cell("2026-03-02", "urgent_events").value == 11
    assert urgent.cell("2026-03-09", "urgent_events").value == 0


async def test_filters_by_channel_and_language(sessions) -> None:
    await seed(sessions)
    async with sessions() as s:
        telegram = await build_report(
            s, InsightsFilter(MONDAY, MONDAY + timedelta(days=13), channel="telegram"), K
        )
        english = await build_report(s, InsightsFilter(MONDAY, MONDAY + timedelta(days=13), language="en"), K)
    assert telegram.themes_weekly.rows == ["agency_check"]
    assert telegram.channels.rows == ["telegram"]
    assert english.languages.rows == ["en"]
    assert english.themes_weekly.table.total.value == 12


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
    week = InsightsFilter(MONDAY, MONDAY + timedelta(days=6), channel="telegram")
    async with sessions() as s:
        report = await build_report(s, week, K)
        few = await build_report(s, InsightsFilter(week.start, week.end, channel="whatsapp"), K)
    urgent, normal, everyone = report.handoff_times
    assert urgent.tickets.value == 10
    assert (urgent.median_to_claim, urgent.p90_to_claim) == (5.5, 9.1)
    assert (urgent.median_to_first_reply, urgent.p90_to_first_reply) == (7.5, 11.1)
    assert normal.tickets.value == 12 and normal.median_to_claim == 75.0
    assert normal.median_to_first_reply is None  # none of them had a reply yet
    assert everyone.tickets.value == 22 and everyone.median_to_claim == 25.0
    assert everyone.median_to_first_reply == 7.5  # only tickets with a reply count
    assert [h.tickets.display(K) for h in few.handoff_times] == ["<10", "0", "<10"]
    assert all(h.median_to_claim is None and h.p90_to_claim is None for h in few.handoff_times)


def test_filter_validation() -> None:
    with pytest.raises(ValueError):
        InsightsFilter(MONDAY, MONDAY - timedelta(days=1))
    with pytest.raises(ValueError):
        InsightsFilter(MONDAY, MONDAY + timedelta(days=4 * 366))
    default = InsightsFilter.default(date(2026, 3, 12))  # a Thursday
    assert (
        default.start == date(2025, 12, 15)
        and default.start.weekday() == 0
        and default.end == date(2026, 3, 12)
    )
