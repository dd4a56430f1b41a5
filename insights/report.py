"""One insights report: every figure the dashboard and the exports show, already suppressed.

The dashboard, the CSV/JSON download and ``helpline insights export`` all render this same object,
so a number hidden in one view is hidden in all of them. Figures that appear in two places (a
theme's total for the period in the weekly chart and in "this period against the last") are the
same suppressed value, never suppressed twice in two different ways, so no one can combine two
views to work out a hidden count.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from insights import aggregation as agg
from insights.suppression import Hidden, Shown, SuppressedTable, suppress_series, suppress_table

THIS_PERIOD = "this_period"
PREVIOUS_PERIOD = "previous_period"
RISK_LEVELS = ("low", "medium", "high")
AGENCY_RESULTS = ("licensed", "suspended", "revoked", "not_found")


@dataclass(frozen=True, slots=True)
class Section:
    """A suppressed table: ``rows`` x ``columns`` keys (themes, languages, weeks as ISO dates)."""

    key: str
    row_dimension: str
    column_dimension: str
    rows: list[str]
    columns: list[str]
    table: SuppressedTable
    row_totals_meaningful: bool = True
    column_totals_meaningful: bool = True

    def cell(self, row: str, column: str) -> Shown:
        return self.table.cells[self.rows.index(row)][self.columns.index(column)]

    @property
    def is_series(self) -> bool:
        return len(self.columns) == 1


@dataclass(frozen=True, slots=True)
class HandoffTimes:
    """Minutes from ticket opened to claim / to first staff reply; None when fewer than k tickets."""

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
    themes_weekly: Section
    themes_compare: Section
    languages: Section
    channels: Section
    urgent_weekly: Section
    job_offer_risk: Section
    agency_check: Section
    handoff_times: list[HandoffTimes] = field(default_factory=list)

    @property
    def sections(self) -> list[Section]:
        return [
            self.themes_weekly,
            self.themes_compare,
            self.languages,
            self.channels,
            self.urgent_weekly,
            self.job_offer_risk,
            self.agency_check,
        ]


def series_section(
    key: str, dimension: str, column: str, counts: dict[str, int], k: int, order: Sequence[str] = ()
) -> Section:
    """Items as rows, one count column; fixed ``order`` first, then other items by count."""
    rows = list(order)
    rows += sorted((x for x in counts if x not in rows), key=lambda x: (-counts[x], x))
    series = suppress_series([counts.get(r, 0) for r in rows], k)
    # One line: the cells and their total. Row "totals" would repeat the cells, so they are the cells.
    table = SuppressedTable([[c] for c in series.cells], list(series.cells), [series.total], series.total)
    return Section(key, dimension, "measure", rows, [column], table, row_totals_meaningful=False)


def weekly_themes_section(
    counts: dict[tuple[str, date], int], weeks: list[date], themes: list[str], k: int
) -> Section:
    matrix = [[counts.get((t, w), 0) for w in weeks] for t in themes]
    return Section(
        "themes_weekly", "theme", "week", themes, [w.isoformat() for w in weeks], suppress_table(matrix, k)
    )


def compare_section(current: Section, previous: Section) -> Section:
    """Each theme's period total now and before, reusing both weekly tables' suppressed totals."""
    rows = current.rows
    cells = [[current.table.row_totals[i], previous.table.row_totals[i]] for i in range(len(rows))]
    not_shown = Shown(None, Hidden.COMPLEMENT)
    table = SuppressedTable(
        cells=cells,
        row_totals=[not_shown] * len(rows),
        column_totals=[current.table.total, previous.table.total],
        total=not_shown,
    )
    return Section(
        "themes_compare",
        "theme",
        "period",
        rows,
        [THIS_PERIOD, PREVIOUS_PERIOD],
        table,
        row_totals_meaningful=False,
    )


def _order_by_shown(section_rows: list[str], totals: list[Shown]) -> list[int]:
    """Row order by the visible total, hidden ones last (sorting by the true value would leak it)."""
    return sorted(
        range(len(section_rows)),
        key=lambda i: (totals[i].value is None, -(totals[i].value or 0), section_rows[i]),
    )


def handoff_times(timings: list[agg.TicketTiming], k: int) -> list[HandoffTimes]:
    urgent = [t for t in timings if t.urgent]
    normal = [t for t in timings if not t.urgent]
    counts = suppress_series([len(urgent), len(normal)], k)
    groups = [
        ("urgent", urgent, counts.cells[0]),
        ("normal", normal, counts.cells[1]),
        ("all", timings, counts.total),
    ]
    result = []
    for key, group, shown in groups:
        claims = [t.minutes_to_claim for t in group if t.minutes_to_claim is not None]
        replies = [t.minutes_to_first_reply for t in group if t.minutes_to_first_reply is not None]
        visible = not shown.suppressed
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
    weekly_now = await agg.weekly_theme_counts(session, f)
    weekly_before = await agg.weekly_theme_counts(session, previous)
    themes = sorted({t for t, _ in weekly_now} | {t for t, _ in weekly_before})
    current = weekly_themes_section(weekly_now, agg.weeks_in(f), themes, k)
    before = weekly_themes_section(weekly_before, agg.weeks_in(previous), themes, k)
    order = _order_by_shown(themes, current.table.row_totals)
    current = _reorder(current, order)
    before = _reorder(before, order)
    weeks = agg.weeks_in(f)
    urgent = await agg.weekly_urgent_counts(session, f)
    return Report(
        filter=f,
        previous=previous,
        k=k,
        themes_weekly=current,
        themes_compare=compare_section(current, before),
        languages=series_section(
            "languages", "language", "events", await agg.counts_by(session, f, "language"), k
        ),
        channels=series_section(
            "channels", "channel", "events", await agg.counts_by(session, f, "channel"), k
        ),
        urgent_weekly=series_section(
            "urgent_weekly",
            "week",
            "urgent_events",
            {w.isoformat(): urgent.get(w, 0) for w in weeks},
            k,
            order=[w.isoformat() for w in weeks],
        ),
        job_offer_risk=series_section(
            "job_offer_risk",
            "risk_level",
            "events",
            await agg.outcome_counts(session, f, "risk"),
            k,
            order=RISK_LEVELS,
        ),
        agency_check=series_section(
            "agency_check",
            "agency_result",
            "events",
            await agg.outcome_counts(session, f, "agency"),
            k,
            order=AGENCY_RESULTS,
        ),
        handoff_times=handoff_times(await agg.ticket_timings(session, f), k),
    )


def _reorder(section: Section, order: list[int]) -> Section:
    """The same suppressed values with the rows in another order (nothing is re-suppressed)."""
    t = section.table
    table = SuppressedTable(
        [t.cells[i] for i in order], [t.row_totals[i] for i in order], t.column_totals, t.total
    )
    return Section(
        section.key,
        section.row_dimension,
        section.column_dimension,
        [section.rows[i] for i in order],
        section.columns,
        table,
    )
