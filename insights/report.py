"""One insights report: every figure the dashboard and the exports show, already published.

The dashboard, the CSV/JSON download and ``helpline insights export`` all render this same object.
Every count starts as a *base cell* (one whole week or month, one item, one filter combination)
published by :func:`insights.suppression.publish`; everything else (a theme over the run of
periods, a week's total over themes, the languages of the run, "this period against the last")
is a sum of those published cells, never a second count of raw rows. So a figure that appears in
two views is the same value, and no subtraction of two figures reveals anything that is not
already a published base cell.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from insights import aggregation as agg
from insights.labels import CHANNELS
from insights.periods import Period
from insights.suppression import Shown, Table, publish, table_of, total
from locales import SUPPORTED_LANGUAGES
from nlu.types import INTENTS

THIS_PERIOD = "this_period"
PREVIOUS_PERIOD = "previous_period"
RISK_LEVELS = ("low", "medium", "high")
AGENCY_RESULTS = ("licensed", "suspended", "revoked", "not_found")
# Fixed rows: an item listed only when it occurred would tell 0 apart from 1..k-1.
THEMES = tuple(INTENTS)
LANGUAGES = tuple(SUPPORTED_LANGUAGES)
CHANNEL_KEYS = tuple(CHANNELS)


@dataclass(frozen=True, slots=True)
class Section:
    """A published table: ``rows`` x ``columns`` keys (themes, languages, period keys)."""

    key: str
    row_dimension: str
    column_dimension: str
    rows: list[str]
    columns: list[str]
    table: Table

    def cell(self, row: str, column: str) -> Shown:
        return self.table.cells[self.rows.index(row)][self.columns.index(column)]

    @property
    def is_series(self) -> bool:
        return len(self.columns) == 1


@dataclass(frozen=True, slots=True)
class HandoffTimes:
    """Minutes from ticket opened to claim / to first staff reply; None unless k tickets are shown."""

    key: str  # "urgent", "normal", "all"
    tickets: Shown
    median_to_claim: float | None
    p90_to_claim: float | None
    median_to_first_reply: float | None
    p90_to_first_reply: float | None


@dataclass(frozen=True, slots=True)
class Report:
    filter: agg.InsightsFilter
    previous: agg.InsightsFilter
    k: int
    themes_by_period: Section
    themes_compare: Section
    languages: Section
    channels: Section
    urgent_by_period: Section
    job_offer_risk: Section
    agency_check: Section
    handoff_times: list[HandoffTimes] = field(default_factory=list)

    @property
    def periods(self) -> list[Period]:
        return self.filter.periods.periods

    @property
    def sections(self) -> list[Section]:
        return [
            self.themes_by_period,
            self.themes_compare,
            self.languages,
            self.channels,
            self.urgent_by_period,
            self.job_offer_risk,
            self.agency_check,
        ]


def base_cells(
    counts: Counter[tuple[date, str]], periods: Sequence[Period], items: Sequence[str], k: int
) -> list[list[Shown]]:
    """items x periods, each published on its own (the only place a raw count is published)."""
    return [[publish(counts.get((p.start, item), 0), k) for p in periods] for item in items]


def period_section(
    key: str,
    dimension: str,
    counts: Counter[tuple[date, str]],
    periods: Sequence[Period],
    items: Sequence[str],
    k: int,
) -> Section:
    cells = base_cells(counts, periods, items, k)
    return Section(
        key, dimension, "period", list(items), [p.key for p in periods], table_of(cells, len(periods))
    )


def series_section(
    key: str,
    dimension: str,
    measure: str,
    counts: Counter[tuple[date, str]],
    periods: Sequence[Period],
    items: Sequence[str],
    k: int,
    *,
    by_total: bool = False,
) -> Section:
    """Items as rows, one column: each item's sum of its published period cells."""
    sums = [total(row) for row in base_cells(counts, periods, items, k)]
    order = _order_by_shown(list(items), sums) if by_total else list(range(len(items)))
    cells = [[sums[i]] for i in order]
    return Section(key, dimension, "measure", [items[i] for i in order], [measure], table_of(cells, 1))


def urgent_section(counts: Counter[tuple[date, str]], periods: Sequence[Period], k: int) -> Section:
    cells = [[publish(counts.get((p.start, "urgent"), 0), k)] for p in periods]
    return Section(
        "urgent_by_period",
        "period",
        "measure",
        [p.key for p in periods],
        ["urgent_events"],
        table_of(cells, 1),
    )


def compare_section(current: Section, previous: Section) -> Section:
    """Each theme's sum now and before: the two runs' published row totals, as they are."""
    cells = [[current.table.row_totals[i], previous.table.row_totals[i]] for i in range(len(current.rows))]
    table = Table(
        cells=cells,
        row_totals=[total(row) for row in cells],
        column_totals=[current.table.total, previous.table.total],
        total=total([current.table.total, previous.table.total]),
    )
    return Section("themes_compare", "theme", "period", current.rows, [THIS_PERIOD, PREVIOUS_PERIOD], table)


def _order_by_shown(rows: list[str], totals: list[Shown]) -> list[int]:
    """Row order by the published total, hidden ones last (sorting by the true value would leak it)."""
    return sorted(range(len(rows)), key=lambda i: (totals[i].value is None, -totals[i].published, rows[i]))


def _reorder(section: Section, order: list[int]) -> Section:
    """The same published values with the rows in another order (nothing is published again)."""
    t = section.table
    table = Table([t.cells[i] for i in order], [t.row_totals[i] for i in order], t.column_totals, t.total)
    rows = [section.rows[i] for i in order]
    return Section(section.key, section.row_dimension, section.column_dimension, rows, section.columns, table)


def handoff_times(timings: list[agg.TicketTiming], periods: Sequence[Period], k: int) -> list[HandoffTimes]:
    counts: Counter[tuple[date, str]] = Counter(
        (t.period, "urgent" if t.urgent else "normal") for t in timings
    )
    cells = base_cells(counts, periods, ("urgent", "normal"), k)
    urgent_count, normal_count = total(cells[0]), total(cells[1])
    groups = [
        ("urgent", [t for t in timings if t.urgent], urgent_count),
        ("normal", [t for t in timings if not t.urgent], normal_count),
        ("all", timings, total([urgent_count, normal_count])),
    ]
    result = []
    for key, group, shown in groups:
        claims = [t.minutes_to_claim for t in group if t.minutes_to_claim is not None]
        replies = [t.minutes_to_first_reply for t in group if t.minutes_to_first_reply is not None]
        visible = shown.published >= k  # decided on published figures only, never on a raw count
        result.append(
            HandoffTimes(
                key=key,
                tickets=shown,
                median_to_claim=_median(claims, k) if visible else None,
                p90_to_claim=_p90(claims, k) if visible else None,
                median_to_first_reply=_median(replies, k) if visible else None,
                p90_to_first_reply=_p90(replies, k) if visible else None,
            )
        )
    return result


def _median(values: list[float], k: int) -> float | None:
    return round(statistics.median(values), 1) if len(values) >= max(k, 1) else None


def _p90(values: list[float], k: int) -> float | None:
    if len(values) < max(k, 2):
        return None
    return round(statistics.quantiles(values, n=10, method="inclusive")[8], 1)


async def build_report(session: AsyncSession, f: agg.InsightsFilter, k: int) -> Report:
    previous = f.previous()
    periods, before_periods = f.periods.periods, previous.periods.periods
    current = period_section(
        "themes_by_period", "theme", await agg.counts_by(session, f, "theme"), periods, THEMES, k
    )
    before = period_section(
        "themes_by_period",
        "theme",
        await agg.counts_by(session, previous, "theme"),
        before_periods,
        THEMES,
        k,
    )
    order = _order_by_shown(current.rows, current.table.row_totals)
    current, before = _reorder(current, order), _reorder(before, order)
    return Report(
        filter=f,
        previous=previous,
        k=k,
        themes_by_period=current,
        themes_compare=compare_section(current, before),
        languages=series_section(
            "languages",
            "language",
            "events",
            await agg.counts_by(session, f, "language"),
            periods,
            LANGUAGES,
            k,
            by_total=True,
        ),
        channels=series_section(
            "channels",
            "channel",
            "events",
            await agg.counts_by(session, f, "channel"),
            periods,
            CHANNEL_KEYS,
            k,
            by_total=True,
        ),
        urgent_by_period=urgent_section(await agg.urgent_counts(session, f), periods, k),
        job_offer_risk=series_section(
            "job_offer_risk",
            "risk_level",
            "events",
            await agg.outcome_counts(session, f, "risk"),
            periods,
            RISK_LEVELS,
            k,
        ),
        agency_check=series_section(
            "agency_check",
            "agency_result",
            "events",
            await agg.outcome_counts(session, f, "agency"),
            periods,
            AGENCY_RESULTS,
            k,
        ),
        handoff_times=handoff_times(await agg.ticket_timings(session, f), periods, k),
    )
