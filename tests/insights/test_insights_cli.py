"""`helpline insights demo|export` and `helpline purge` from the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from insights.dashboard import jakarta_today
from insights.periods import Unit, last_published


@pytest.fixture
def env(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HELPLINE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("HELPLINE_SECRET_KEY", "c" * 40)


def test_demo_then_export_in_both_formats(env) -> None:
    runner = CliRunner()
    seeded = runner.invoke(cli, ["insights", "demo", "--days", "60", "--per-day", "30"])
    assert seeded.exit_code == 0, seeded.output
    assert "theme events" in seeded.output
    as_csv = runner.invoke(cli, ["insights", "export"])  # the latest 13 published weeks
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and rows[0]["section"] == "themes_by_period"
    assert len({r["period"] for r in rows if r["section"] == "themes_by_period"}) == 13
    latest = last_published(Unit.MONTH, jakarta_today())
    as_json = runner.invoke(
        cli, ["insights", "export", "--from", latest.shifted(-2).key, "--to", latest.key, "--format", "json"]
    )
    assert as_json.exit_code == 0, as_json.output
    meta = json.loads(as_json.stdout)["meta"]
    assert meta["suppression_k"] == 10 and meta["unit"] == "month" and meta["to"] == latest.key
    months = runner.invoke(cli, ["insights", "export", "--unit", "month", "--format", "json"])
    assert months.exit_code == 0 and json.loads(months.stdout)["meta"]["from"] == latest.shifted(-11).key


@pytest.mark.parametrize(
    "args",
    [
        ["--from", "2026-01", "--to", "2026-02", "--format", "xml"],
        ["--from", "2026-01-01", "--to", "2026-02-01"],  # arbitrary dates
        ["--from", "2026-03", "--to", "2026-02"],
        ["--from", "2026-W10", "--to", "2026-03"],
        ["--from", "2999-W10"],  # not published yet
        ["--unit", "day"],
    ],
)
def test_export_refuses_bad_input(env, args) -> None:
    assert CliRunner().invoke(cli, ["insights", "export", *args]).exit_code == 2


def test_demo_refuses_production(env, monkeypatch) -> None:
    monkeypatch.setenv("HELPLINE_ENVIRONMENT", "production")
    result = CliRunner().invoke(cli, ["insights", "demo", "--days", "7"])
    assert result.exit_code == 2 and "production" in result.output


def test_purge_reports_what_it_deleted(env) -> None:
    result = CliRunner().invoke(cli, ["purge", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "conversations wiped: 0" in result.output and "erasures completed: 0" in result.output
