"""CSV and JSON exports of a suppressed report (the columns are documented in insights/README.md).

Long format, one figure per row, so a spreadsheet can pivot it any way. Hidden counts keep their
markers ("<10", "x") exactly as on the dashboard.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from insights.aggregation import InsightsFilter
from insights.report import PREVIOUS_PERIOD, Report, Section
from insights.suppression import COMPLEMENT_MARK
from insights.themes import JAKARTA

EXPORT_COLUMNS = (
    "section",
    "period_start",
    "period_end",
    "channel_filter",
    "language_filter",
    "dimension",
    "item",
    "measure",
    "value",
)
ALL = "all"  # the item of a total row
FORMATS = ("csv", "json")

_MEASURES = {
    "themes_weekly": "events",
    "themes_compare": "events",
    "languages": "events",
    "channels": "events",
    "urgent_weekly": "urgent_events",
    "job_offer_risk": "events",
    "agency_check": "events",
}
_TIMING_MEASURES = (
    ("median_minutes_to_claim", "median_to_claim"),
    ("p90_minutes_to_claim", "p90_to_claim"),
    ("median_minutes_to_first_reply", "median_to_first_reply"),
    ("p90_minutes_to_first_reply", "p90_to_first_reply"),
)


def report_rows(report: Report) -> list[dict[str, Any]]:
    return list(_rows(report))


def _rows(report: Report) -> Iterator[dict[str, Any]]:
    f, k = report.filter, report.k

    def row(section: str, start: date, end: date, dimension: str, item: str, measure: str, value: Any):
        return {
            "section": section,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "channel_filter": f.channel or ALL,
            "language_filter": f.language or ALL,
            "dimension": dimension,
            "item": item,
            "measure": measure,
            "value": value,
        }

    weekly = report.themes_weekly
    for i, theme in enumerate(weekly.rows):
        for j, week in enumerate(weekly.columns):
            start, end = _week_bounds(week, f)
            yield row(
                weekly.key, start, end, "theme", theme, "events", weekly.table.cells[i][j].export_value(k)
            )
    for j, week in enumerate(weekly.columns):
        start, end = _week_bounds(week, f)
        yield row(
            weekly.key, start, end, "theme", ALL, "events", weekly.table.column_totals[j].export_value(k)
        )

    compare = report.themes_compare
    for j, period in enumerate(compare.columns):
        span = report.previous if period == PREVIOUS_PERIOD else f
        for i, theme in enumerate(compare.rows):
            value = compare.table.cells[i][j].export_value(k)
            yield row(compare.key, span.start, span.end, "theme", theme, "events", value)
        yield row(
            compare.key,
            span.start,
            span.end,
            "theme",
            ALL,
            "events",
            compare.table.column_totals[j].export_value(k),
        )

    for section in (report.languages, report.channels, report.job_offer_risk, report.agency_check):
        yield from _series_rows(section, row, f, k)

    urgent = report.urgent_weekly
    for i, week in enumerate(urgent.rows):
        start, end = _week_bounds(week, f)
        yield row(
            urgent.key, start, end, "urgency", "urgent", "events", urgent.table.cells[i][0].export_value(k)
        )
    yield row(urgent.key, f.start, f.end, "urgency", "urgent", "events", urgent.table.total.export_value(k))

    for times in report.handoff_times:
        yield row(
            "handoff_times", f.start, f.end, "priority", times.key, "tickets", times.tickets.export_value(k)
        )
        for measure, attribute in _TIMING_MEASURES:
            yield row(
                "handoff_times", f.start, f.end, "priority", times.key, measure, getattr(times, attribute)
            )


def _series_rows(section: Section, row: Any, f: InsightsFilter, k: int) -> Iterator[dict[str, Any]]:
    measure = _MEASURES[section.key]
    for i, item in enumerate(section.rows):
        yield row(
            section.key,
            f.start,
            f.end,
            section.row_dimension,
            item,
            measure,
            section.table.cells[i][0].export_value(k),
        )
    yield row(
        section.key, f.start, f.end, section.row_dimension, ALL, measure, section.table.total.export_value(k)
    )


def _week_bounds(week: str, f: InsightsFilter) -> tuple[date, date]:
    """A week's Monday..Sunday clipped to the filter's range (edge weeks are partial)."""
    monday = date.fromisoformat(week)
    return max(monday, f.start), min(monday + timedelta(days=6), f.end)


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in report_rows(report):
        writer.writerow({**r, "value": "" if r["value"] is None else r["value"]})
    return buffer.getvalue()


def to_json(report: Report) -> str:
    f = report.filter
    document = {
        "meta": {
            "from": f.start.isoformat(),
            "to": f.end.isoformat(),
            "previous_from": report.previous.start.isoformat(),
            "previous_to": report.previous.end.isoformat(),
            "channel": f.channel or ALL,
            "language": f.language or ALL,
            "timezone": str(JAKARTA),
            "suppression_k": report.k,
            "markers": {
                f"<{report.k}": f"a count from 1 to {report.k - 1}",
                COMPLEMENT_MARK: "hidden so that a small count elsewhere cannot be worked out",
                "null": f"a time computed from fewer than {report.k} tickets",
            },
            "columns": list(EXPORT_COLUMNS),
        },
        "rows": report_rows(report),
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def render(report: Report, fmt: str) -> tuple[str, str]:
    """(body, media type) for ``fmt`` in :data:`FORMATS`."""
    if fmt == "csv":
        return to_csv(report), "text/csv; charset=utf-8"
    if fmt == "json":
        return to_json(report), "application/json"
    raise ValueError(f"format must be one of {', '.join(FORMATS)}")


def filename(report: Report, fmt: str) -> str:
    return f"helpline-insights_{report.filter.start.isoformat()}_{report.filter.end.isoformat()}.{fmt}"
