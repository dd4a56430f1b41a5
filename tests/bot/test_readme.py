"""The README is the newcomer's manual: it must name every setting and the two set-up commands."""

from __future__ import annotations

from pathlib import Path

from bot.settings import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented() -> None:
    missing = [
        f"HELPLINE_{n.upper()}" for n in Settings.model_fields if f"`HELPLINE_{n.upper()}`" not in README
    ]
    assert missing == []


def test_the_two_setup_commands_are_there() -> None:
    assert "scripts/run.sh" in README
    assert "scripts/test.sh" in README
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci
