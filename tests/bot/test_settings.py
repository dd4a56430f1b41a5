"""Settings are validated at start-up; a mistake is one clear line naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

REPO = Path(__file__).resolve().parents[2]


def test_defaults_are_the_embedded_setup(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("HELPLINE_"):
            monkeypatch.delenv(name)
    settings = load_settings(data_dir=tmp_path)
    assert settings.effective_database_url == f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"
    assert settings.redis_url == ""
    assert settings.nlu_backend == "embedded"
    assert settings.effective_secret_key  # random per process in development


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("HELPLINE_REDIS_URL", "http://localhost:6379", "HELPLINE_REDIS_URL: must start with redis://"),
        ("HELPLINE_MAX_TEXT_CHARS", "lots", "HELPLINE_MAX_TEXT_CHARS: Input should be a valid integer"),
        ("HELPLINE_NLU_BACKEND", "gpt", "HELPLINE_NLU_BACKEND: Input should be 'embedded' or 'rasa'"),
        ("HELPLINE_ENVIRONMENT", "staging", "HELPLINE_ENVIRONMENT: Input should be"),
    ],
)
def test_malformed_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message


def test_production_refuses_a_short_secret_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPLINE_ENVIRONMENT", "production")
    monkeypatch.setenv("HELPLINE_SECRET_KEY", "short")
    with pytest.raises(SettingsError, match="HELPLINE_SECRET_KEY"):
        load_settings()


def test_cli_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPLINE_")}
    env["HELPLINE_REDIS_URL"] = "localhost:6379"
    env["HELPLINE_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "db", "upgrade"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == (
        "helpline: configuration error: HELPLINE_REDIS_URL: must start with redis://, rediss:// or unix://"
    )
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize(
    ("extra_env", "expected"),
    [
        ({}, "helpline: --workers > 1 needs PostgreSQL (HELPLINE_DATABASE_URL)"),
        (
            {"HELPLINE_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:5432/test"},
            "helpline: --workers > 1 needs Redis (HELPLINE_REDIS_URL) for the ticket queue",
        ),
    ],
)
def test_several_workers_need_shared_storage(tmp_path: Path, extra_env: dict[str, str], expected: str) -> None:
    """Workers share nothing in memory: SQLite and the in-process ticket queue are refused before start."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPLINE_")}
    env |= {"HELPLINE_DATA_DIR": str(tmp_path), **extra_env}
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run", "--workers", "2"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr.strip()) == (2, expected)
