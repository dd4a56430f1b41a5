"""Exports: documented columns, the same suppression as the dashboard, never a count below k."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.storage.db import transaction
from insights.aggregation import InsightsFilter
from insights.demo import seed_demo
from insights.export import EXPORT_COLUMNS, report_rows, to_csv, to_json
from insights.report import build_report

K = 10
END = date(2026, 11, 29)
README = Path(__file__).resolve().parents[2] / "insights" / "README.md"


@pytest.fixture
async def report(sessions):
    async with transaction(sessions) as s:
        await seed_demo(s, end=END, days=120, seed=3, per_day=40)
    async with sessions() as s:
        return await build_report(s, InsightsFilter(END - timedelta(days=55), END, channel="telegram"), K)


def test_every_export_column_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for column in EXPORT_COLUMNS:
        assert f"`{column}`" in text, column


async def test_csv_has_the_documented_columns_and_no_small_count(report) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert rows and list(rows[0]) == list(EXPORT_COLUMNS)
    sections = {r["section"] for r in rows}
    assert sections == {
        "themes_weekly",
        "themes_compare",
        "languages",
        "channels",
        "urgent_weekly",
        "job_offer_risk",
        "agency_check",
        "handoff_times",
    }
    assert {r["channel_filter"] for r in rows} == {"telegram"}
    counts = [r for r in rows if not r["measure"].startswith(("median", "p90"))]
    for row in counts:
        value = row["value"]
        assert value in ("<10", "x") or (value.isdigit() and (int(value) == 0 or int(value) >= K)), row
    assert any(r["value"] == "<10" for r in counts) and any(r["value"] == "x" for r in counts)


async def test_json_carries_the_same_rows_and_explains_the_markers(report) -> None:
    document = json.loads(to_json(report))
    assert document["meta"]["suppression_k"] == K
    assert document["meta"]["columns"] == list(EXPORT_COLUMNS)
    assert set(document["meta"]["markers"]) == {"<10", "x", "null"}
    assert document["rows"] == report_rows(report)
    csv_values = [r["value"] for r in csv.DictReader(io.StringIO(to_csv(report)))]
    json_values = ["" if r["value"] is None else str(r["value"]) for r in document["rows"]]
    assert csv_values == json_values


async def test_weekly_rows_cover_the_period_and_partial_weeks_are_clipped(report) -> None:
    weeks = sorted(
        {(r["period_start"], r["period_end"]) for r in report_rows(report) if r["section"] == "themes_weekly"}
    )
    assert weeks[0][0] == report.filter.start.isoformat()
    assert weeks[-1][1] == report.filter.end.isoformat()
    for start, end in weeks:
        assert 0 <= (date.fromisoformat(end) - date.fromisoformat(start)).days <= 6


async def test_published_lines_never_isolate_one_hidden_count(report) -> None:
    """Per week and per theme, the published figures never leave exactly one value to subtract."""
    table = report.themes_weekly.table
    grid = [[*row, total] for row, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    for line in [*grid, *map(list, zip(*grid, strict=True))]:
        assert sum(1 for c in line if c.suppressed) != 1


def test_the_readme_describes_what_is_never_recorded() -> None:
    text = README.read_text(encoding="utf-8").lower()
    for phrase in ("user id", "message text", "time of day", "suppression"):
        assert phrase in text
    assert re.search(r"helpline_suppression_k", text)
