"""The demo year looks like the helpline's year and is the same for the same seed."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select

from bot.storage.db import transaction
from bot.storage.models import ThemeEvent, Ticket
from insights.demo import DESTINATIONS, make_events, seed_demo

START, END = date(2025, 12, 1), date(2026, 11, 30)


def test_same_seed_same_year_other_seed_other_year() -> None:
    assert make_events(START, START + timedelta(days=20), seed=1) == make_events(
        START, START + timedelta(days=20), seed=1
    )
    assert make_events(START, START + timedelta(days=20), seed=1) != make_events(
        START, START + timedelta(days=20), seed=2
    )


def test_the_year_has_the_expected_shape() -> None:
    events = make_events(START, END, seed=7, per_day=80)
    per_day = Counter(e["day"] for e in events)
    sundays = [n for d, n in per_day.items() if d.weekday() == 6]
    tuesdays = [n for d, n in per_day.items() if d.weekday() == 1]
    assert sum(sundays) / len(sundays) > 1.3 * sum(tuesdays) / len(tuesdays)  # the rest day abroad
    assert 60 < len(events) / 365 < 100
    themes = Counter(e["theme"] for e in events)
    assert themes.most_common(1)[0][0] == "agency_check"
    assert all(themes[t] > 0 for t in ("emergency", "missing_person", "visa", "return_home"))
    assert all(e["urgent"] for e in events if e["theme"] == "emergency")
    outcomes = Counter(e["outcome"].split(":")[0] for e in events if e["outcome"])
    assert set(outcomes) == {"risk", "agency"}
    assert {e["channel"] for e in events} == {"whatsapp", "telegram", "webchat"}
    assert len(DESTINATIONS) == 7 and abs(sum(share for share, _ in DESTINATIONS.values()) - 1) < 1e-9


async def test_seeding_writes_events_and_closed_tickets_with_times(sessions) -> None:
    async with transaction(sessions) as s:
        summary = await seed_demo(s, end=END, days=30, seed=4, per_day=40)
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(ThemeEvent)) == summary.events
        tickets = list(await s.scalars(select(Ticket)))
    assert len(tickets) == summary.tickets > 0
    assert all(t.created_at < t.claimed_at < t.first_reply_at < t.closed_at for t in tickets)
    assert summary.start == END - timedelta(days=29)
