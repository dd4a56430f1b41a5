"""Shared set-up for the browser tests: Debian's chromium driven by Playwright, headless.

Playwright's own browser download does not work here, so the tests point it at the system
chromium; under CI=true a missing browser fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import IN_CI

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("HELPLINE_TEST_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "tests" / "artifacts"  # screenshots, gitignored
# Without the background-networking flags chromium keeps dialling hosts this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]


def browser_missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason}; CI must install it (apt-get install -y chromium; pip install playwright)")
    pytest.skip(reason)


def require_chromium() -> None:
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        browser_missing(f"{CHROMIUM} is not installed")
