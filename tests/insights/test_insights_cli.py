"""`helpline insights demo|export` and `helpline purge` from the command line."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli


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
    as_csv = runner.invoke(cli, ["insights", "export", "--from", "2026-01-01", "--to", "2027-12-31"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows and rows[0]["section"] == "themes_weekly"
    as_json = runner.invoke(
        cli, ["insights", "export", "--from", "2026-01-01", "--to", "2027-12-31", "--format", "json"]
    )
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["meta"]["suppression_k"] == 10


def test_export_refuses_bad_input(env) -> None:
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["insights", "export", "--from", "2026-01-01", "--to", "2026-02-01", "--format", "xml"]
        ).exit_code
        == 2
    )
    assert (
        runner.invoke(cli, ["insights", "export", "--from", "01/01/2026", "--to", "2026-02-01"]).exit_code
        == 2
    )
    assert (
        runner.invoke(cli, ["insights", "export", "--from", "2026-03-01", "--to", "2026-02-01"]).exit_code
        == 2
    )


def test_demo_refuses_production(env, monkeypatch) -> None:
    monkeypatch.setenv("HELPLINE_ENVIRONMENT", "production")
    result = CliRunner().invoke(cli, ["insights", "demo", "--days", "7"])
    assert result.exit_code == 2 and "production" in result.output


def test_purge_reports_what_it_deleted(env) -> None:
    result = CliRunner().invoke(cli, ["purge", "--days", "30"])
    assert result.exit_code == 0, result.output
    assert "conversations wiped: 0" in result.output and "erasures completed: 0" in result.output
