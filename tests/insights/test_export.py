"""Exports: documented columns, the same suppression as the dashboard, never a count below k."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest

from bot.storage.db import transaction
from insights.aggregation import InsightsFilter
from insights.demo import seed_demo
from insights.export import EXPORT_COLUMNS, report_rows, to_csv, to_json
from insights.periods import PeriodRange
from insights.report import build_report

K = 10
END = date(2026, 11, 29)
README = Path(__file__).resolve().parents[2] / "insights" / "README.md"


@pytest.fixture
async def report(sessions):
    async with transaction(sessions) as s:
        await seed_demo(s, end=END, days=120, seed=3, per_day=40)
    async with sessions() as s:
        return await build_report(
            s, InsightsFilter(PeriodRange.parse("2026-W41", "2026-W48"), channel="telegram"), K
        )


def test_every_export_column_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for column in EXPORT_COLUMNS:
        assert f"`{column}`" in text, column


async def test_csv_has_the_documented_columns_and_no_small_count(report) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert rows and list(rows[0]) == list(EXPORT_COLUMNS)
    sections = {r["section"] for r in rows}
    assert sections == {
        "themes_by_period",
        "themes_compare",
        "languages",
        "channels",
        "urgent_by_period",
        "job_offer_risk",
        "agency_check",
        "handoff_times",
    }
    assert {r["channel_filter"] for r in rows} == {"telegram"}
    counts = [r for r in rows if not r["measure"].startswith(("median", "p90"))]
    for row in counts:
        value = row["value"]
        assert value == "<10" or (value.isdigit() and int(value) >= K and int(value) % K == 0), row
    assert any(r["value"] == "<10" for r in counts) and any(r["value"].isdigit() for r in counts)


async def test_json_carries_the_same_rows_and_explains_the_markers(report) -> None:
    document = json.loads(to_json(report))
    assert document["meta"]["suppression_k"] == K
    assert document["meta"]["columns"] == list(EXPORT_COLUMNS)
    assert set(document["meta"]["markers"]) == {"<10", "null"}
    assert (document["meta"]["unit"], document["meta"]["from"], document["meta"]["to"]) == (
        "week",
        "2026-W41",
        "2026-W48",
    )
    assert document["rows"] == report_rows(report)
    csv_values = [r["value"] for r in csv.DictReader(io.StringIO(to_csv(report)))]
    json_values = ["" if r["value"] is None else str(r["value"]) for r in document["rows"]]
    assert csv_values == json_values


async def test_period_rows_are_whole_weeks(report) -> None:
    weeks = sorted(
        {
            (r["period"], r["period_start"], r["period_end"])
            for r in report_rows(report)
            if r["section"] == "themes_by_period"
        }
    )
    assert [w[0] for w in weeks] == [f"2026-W{n}" for n in range(41, 49)]
    for _, start, end in weeks:
        assert date.fromisoformat(start).weekday() == 0
        assert (date.fromisoformat(end) - date.fromisoformat(start)).days == 6


async def test_totals_are_the_sums_of_the_published_cells(report) -> None:
    """A total minus its visible cells is 0: nothing hidden can be worked out from it."""
    table = report.themes_by_period.table
    for j, column_total in enumerate(table.column_totals):
        assert column_total.published == sum(row[j].published for row in table.cells)
    for section in (report.languages, report.channels, report.job_offer_risk, report.agency_check):
        assert section.table.total.published == sum(c[0].published for c in section.table.cells)


async def test_an_export_whose_filter_matches_nothing_is_empty_and_valid(sessions) -> None:
    async with sessions() as s:
        empty = await build_report(
            s, InsightsFilter(PeriodRange.parse("2026-W41", "2026-W48"), channel="sms"), K
        )
    rows = list(csv.DictReader(io.StringIO(to_csv(empty))))
    assert rows and {r["value"] for r in rows if r["measure"] in ("events", "urgent_events", "tickets")} == {
        "<10"
    }
    assert json.loads(to_json(empty))["rows"] == report_rows(empty)


def test_the_readme_describes_what_is_never_recorded() -> None:
    text = README.read_text(encoding="utf-8").lower()
    for phrase in ("user id", "message text", "time of day", "suppression"):
        assert phrase in text
    assert re.search(r"helpline_suppression_k", text)
