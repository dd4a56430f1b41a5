"""CSV and JSON exports of a published report (the columns are documented in insights/README.md).

Long format, one figure per row, so a spreadsheet can pivot it any way. Hidden counts keep their
marker ("<10") exactly as on the dashboard. A filter that matches nothing gives the same rows,
every count "<10": an empty export is still a valid one.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from insights.periods import Period, PeriodRange
from insights.report import PREVIOUS_PERIOD, Report, Section
from insights.themes import JAKARTA

EXPORT_COLUMNS = (
    "section",
    "period",
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
    whole = f.periods

    def row(section: str, span: Period | PeriodRange, dimension: str, item: str, measure: str, value: Any):
        return {
            "section": section,
            "period": span.key,
            "period_start": span.start.isoformat(),
            "period_end": span.end.isoformat(),
            "channel_filter": f.channel or ALL,
            "language_filter": f.language or ALL,
            "dimension": dimension,
            "item": item,
            "measure": measure,
            "value": value,
        }

    by_period = report.themes_by_period
    table = by_period.table
    for i, theme in enumerate(by_period.rows):
        for j, period in enumerate(report.periods):
            yield row(by_period.key, period, "theme", theme, "events", table.cells[i][j].export_value(k))
    for j, period in enumerate(report.periods):
        yield row(by_period.key, period, "theme", ALL, "events", table.column_totals[j].export_value(k))

    compare = report.themes_compare
    for j, name in enumerate(compare.columns):
        span = report.previous.periods if name == PREVIOUS_PERIOD else whole
        for i, theme in enumerate(compare.rows):
            yield row(compare.key, span, "theme", theme, "events", compare.table.cells[i][j].export_value(k))
        yield row(compare.key, span, "theme", ALL, "events", compare.table.column_totals[j].export_value(k))

    for section in (report.languages, report.channels, report.job_offer_risk, report.agency_check):
        yield from _series_rows(section, row, whole, k)

    urgent = report.urgent_by_period
    for i, period in enumerate(report.periods):
        value = urgent.table.cells[i][0].export_value(k)
        yield row(urgent.key, period, "urgency", "urgent", "urgent_events", value)
    yield row(urgent.key, whole, "urgency", "urgent", "urgent_events", urgent.table.total.export_value(k))

    for times in report.handoff_times:
        yield row("handoff_times", whole, "priority", times.key, "tickets", times.tickets.export_value(k))
        for measure, attribute in _TIMING_MEASURES:
            yield row("handoff_times", whole, "priority", times.key, measure, getattr(times, attribute))


def _series_rows(section: Section, row: Any, whole: PeriodRange, k: int) -> Iterator[dict[str, Any]]:
    measure = section.columns[0]
    for i, item in enumerate(section.rows):
        yield row(
            section.key,
            whole,
            section.row_dimension,
            item,
            measure,
            section.table.cells[i][0].export_value(k),
        )
    yield row(section.key, whole, section.row_dimension, ALL, measure, section.table.total.export_value(k))


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in report_rows(report):
        writer.writerow({**r, "value": "" if r["value"] is None else r["value"]})
    return buffer.getvalue()


def to_json(report: Report) -> str:
    f, k = report.filter, report.k
    document = {
        "meta": {
            "unit": str(f.unit),
            "from": f.periods.first.key,
            "to": f.periods.last.key,
            "first_day": f.start.isoformat(),
            "last_day": f.end.isoformat(),
            "previous_from": report.previous.periods.first.key,
            "previous_to": report.previous.periods.last.key,
            "channel": f.channel or ALL,
            "language": f.language or ALL,
            "timezone": str(JAKARTA),
            "suppression_k": k,
            "rounding_base": k,
            "markers": {
                f"<{k}": f"a count from 0 to {k - 1} (or a sum whose every part was one)",
                "null": f"a time not published because fewer than {k} tickets are shown",
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
    periods = report.filter.periods
    return f"helpline-insights_{periods.first.key}_{periods.last.key}.{fmt}"
