"""The insights attacker: differencing published figures recovers no hidden count (issue 22, part 3).

On a realistic demo dataset with many small cells, the attacker requests every overlapping run of
weeks and months under every channel x language filter (exactly what the export route publishes),
then subtracts every pair of published numbers. It knows what each figure counts, so for every
pair describing nested sets of events (a longer and a shorter run, an unfiltered and a filtered
figure, a total and one of its cells) it checks whether the difference equals the true count of
the events in one and not the other while that count is 1..k-1. The same attacker run against the
old publication (arbitrary day ranges, exact counts from k up) recovers hidden counts, which
shows the attack works; against the published figures it recovers none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import product

import pytest
from sqlalchemy import select

from bot.storage.db import create_engine, session_factory, transaction
from bot.storage.migrate import upgrade_async
from bot.storage.models import ThemeEvent
from insights.dashboard import BadFilter, parse_filter
from insights.demo import seed_demo
from insights.export import ALL, report_rows
from insights.report import CHANNEL_KEYS, LANGUAGES, build_report

K = 10
TODAY = date(2026, 12, 2)  # a Wednesday: week 2026-W48 and November are published, W49 is not
CHANNELS = (None, "telegram", "whatsapp", "webchat")
FILTER_LANGUAGES = (None, "id", "en")
WEEKS = [f"2026-W{n}" for n in range(41, 49)]
MONTHS = ["2026-08", "2026-09", "2026-10", "2026-11"]


@dataclass(frozen=True, slots=True)
class Figure:
    """One published number and what it counts: events of ``item`` in [start, end] under a filter."""

    dimension: str
    item: str
    channel: str | None
    language: str | None
    start: date
    end: date
    value: int | None  # None: hidden ("<10")

    def contains(self, other: Figure) -> bool:
        """Every event ``other`` counts is counted here too (and the sets differ)."""
        return (
            self != other
            and self.dimension == other.dimension
            and self.item in (ALL, other.item)
            and self.channel in (None, other.channel)
            and self.language in (None, other.language)
            and self.start <= other.start
            and other.end <= self.end
        )


@dataclass(frozen=True, slots=True)
class Event:
    day: date
    theme: str
    language: str
    channel: str
    urgent: bool
    outcome: str | None


def matches(event: Event, figure: Figure) -> bool:
    if not figure.start <= event.day <= figure.end:
        return False
    if figure.channel and event.channel != figure.channel:
        return False
    if figure.language and event.language != figure.language:
        return False
    item, everything = figure.item, figure.item == ALL
    match figure.dimension:
        case "theme":
            return everything or event.theme == item
        case "language":
            return event.language in LANGUAGES if everything else event.language == item
        case "channel":
            return event.channel in CHANNEL_KEYS if everything else event.channel == item
        case "urgency":
            return event.urgent
        case "risk_level" | "agency_result":
            prefix = "risk:" if figure.dimension == "risk_level" else "agency:"
            outcome = event.outcome or ""
            return outcome.startswith(prefix) if everything else outcome == prefix + item
    raise AssertionError(figure.dimension)


class TrueCounts:
    """The attacker's target: the real counts, known only to the test."""

    def __init__(self, events: list[Event]) -> None:
        self.by_day: dict[date, list[Event]] = defaultdict(list)
        for e in events:
            self.by_day[e.day].append(e)
        self._cache: dict[Figure, int] = {}

    def __call__(self, figure: Figure) -> int:
        key = Figure(
            figure.dimension, figure.item, figure.channel, figure.language, figure.start, figure.end, None
        )
        if key not in self._cache:
            days = (figure.start + timedelta(days=n) for n in range((figure.end - figure.start).days + 1))
            self._cache[key] = sum(matches(e, figure) for d in days for e in self.by_day.get(d, ()))
        return self._cache[key]


def attack(figures: Iterable[Figure], true: Callable[[Figure], int]) -> list[tuple[Figure, Figure, int]]:
    """Every pair of nested figures whose published difference is the hidden 1..k-1 count between them."""
    by_value: dict[tuple[str, int], list[Figure]] = defaultdict(list)
    visible = [f for f in figures if f.value is not None]
    for f in visible:
        by_value[(f.dimension, f.value)].append(f)  # type: ignore[index]
    recovered = []
    for big in visible:
        for derived in range(1, K):
            for small in by_value.get((big.dimension, big.value - derived), ()):  # type: ignore[operator]
                if big.contains(small) and true(big) - true(small) == derived:
                    recovered.append((big, small, derived))
    return recovered


def published_figures(rows: list[dict]) -> list[Figure]:
    figures = []
    for r in rows:
        if r["section"] == "handoff_times":
            continue  # ticket counts: covered by the all-pairs check below, not by event sets
        value = r["value"]
        assert value == f"<{K}" or (isinstance(value, int) and value >= K and value % K == 0), r
        figures.append(
            Figure(
                r["dimension"],
                r["item"],
                None if r["channel_filter"] == ALL else r["channel_filter"],
                None if r["language_filter"] == ALL else r["language_filter"],
                date.fromisoformat(r["period_start"]),
                date.fromisoformat(r["period_end"]),
                value if isinstance(value, int) else None,
            )
        )
    return figures


def runs(keys: list[str]) -> list[tuple[str, str]]:
    """Every overlapping run of consecutive periods: W41..W41, W41..W42, ..., W48..W48."""
    return [(keys[i], keys[j]) for i in range(len(keys)) for j in range(i, len(keys))]


@pytest.fixture
async def sessions(database_url: str):
    if database_url.startswith("sqlite"):
        await upgrade_async(database_url)
    engine = create_engine(database_url)
    factory = session_factory(engine)
    async with transaction(factory) as s:
        # About 25 answers a day over five months: most cells of a week x theme x filter are small.
        await seed_demo(s, end=TODAY, days=150, seed=22, per_day=25)
    yield factory
    await engine.dispose()


async def load_events(sessions) -> list[Event]:
    async with sessions() as s:
        rows = await s.execute(
            select(
                ThemeEvent.day,
                ThemeEvent.theme,
                ThemeEvent.language,
                ThemeEvent.channel,
                ThemeEvent.urgent,
                ThemeEvent.outcome,
            )
        )
        return [Event(*row) for row in rows]


async def test_the_attacker_recovers_no_hidden_count(sessions) -> None:
    true = TrueCounts(await load_events(sessions))
    rows: list[dict] = []
    requests = 0
    async with sessions() as s:
        for (first, last), channel, language in product(
            runs(WEEKS) + runs(MONTHS), CHANNELS, FILTER_LANGUAGES
        ):
            f = parse_filter(first, last, channel, language, today=TODAY)
            rows += report_rows(await build_report(s, f, K))
            requests += 1
    figures = published_figures(rows)
    hidden = [f for f in figures if f.value is None and 0 < true(f) < K]
    assert requests == 46 * 12 and len(hidden) > 1000  # many small cells were there to find

    assert attack(figures, true) == []

    # Stronger than nested pairs: no two published numbers at all (any section, run, filter,
    # total, ticket counts) differ by 1..k-1, so nothing can be derived in that range.
    numbers = {
        r["value"]
        for r in rows
        if isinstance(r["value"], int) and not r["measure"].startswith(("median", "p90"))
    }
    differences = {a - b for a in numbers for b in numbers}
    assert not differences & set(range(1, K))

    # A figure means the same in every request: one week's cell is one value whichever run shows it.
    seen: dict[tuple, set] = defaultdict(set)
    for r in rows:
        if r["section"] == "themes_by_period":
            seen[(r["period"], r["item"], r["channel_filter"], r["language_filter"])].add(r["value"])
    assert seen and all(len(values) == 1 for values in seen.values())


async def test_the_same_attacker_breaks_the_old_publication(sessions) -> None:
    """Guards the attacker: arbitrary day ranges with exact counts from k up give hidden counts away."""
    true = TrueCounts(await load_events(sessions))
    start = date(2026, 10, 5)
    figures = []
    for theme, channel, language in product(
        ("agency_check", "documents", "fees", "emergency"), CHANNELS, FILTER_LANGUAGES
    ):
        for end in (
            date(2026, 11, 21) + timedelta(days=n) for n in range(9)
        ):  # "to 28 Nov", "to 29 Nov", ...
            for item in (theme, ALL):
                probe = Figure("theme", item, channel, language, start, end, None)
                count = true(probe)
                old_value = count if count == 0 or count >= K else None
                figures.append(Figure("theme", item, channel, language, start, end, old_value))
    recovered = attack(figures, true)
    assert len(recovered) > 20
    big, small, derived = recovered[0]
    assert big.start == small.start and 0 < derived < K


async def test_only_whole_ended_periods_can_be_asked_for(sessions) -> None:
    for start, end in (
        ("2026-11-01", "2026-11-29"),  # arbitrary dates
        ("2026-11-28", None),
        ("2026-W49", None),  # the current week
        ("2026-W48", "2026-W49"),
        ("2026-12", None),  # the current month
        ("2026-W40", "2026-11"),  # mixed units
    ):
        with pytest.raises(BadFilter):
            parse_filter(start, end, None, None, today=TODAY)
    # W48 ended on Sunday 29 Nov; it is published from Tuesday 1 Dec, not on Monday 30 Nov.
    with pytest.raises(BadFilter):
        parse_filter("2026-W48", None, None, None, today=date(2026, 11, 30))
    assert parse_filter("2026-W48", None, None, None, today=date(2026, 12, 1)).end == date(2026, 11, 29)


async def test_a_new_contact_never_shows_in_any_export(sessions) -> None:
    """Two exports seconds apart: a contact today changes nothing that can be published."""
    f = parse_filter(None, None, "webchat", "en", today=TODAY)
    async with sessions() as s:
        before = report_rows(await build_report(s, f, K))
    async with transaction(sessions) as s:
        s.add(
            ThemeEvent(
                day=TODAY, theme="emergency", language="en", channel="webchat", urgent=True, handoff=True
            )
        )
    async with sessions() as s:
        after = report_rows(await build_report(s, f, K))
    assert before == after
    assert f.end < TODAY - timedelta(days=1)
