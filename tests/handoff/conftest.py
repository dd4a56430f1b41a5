"""Fixtures for the handoff tests (helpers live in handoff_staff.py, importable by the tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from handoff_staff import StaffHelper

from bot.settings import Settings, load_settings


@pytest.fixture
def handoff_overrides() -> dict[str, Any]:
    """Extra settings for one test: ``@pytest.mark.parametrize("handoff_overrides", [{...}])``."""
    return {}


@pytest.fixture
def settings(
    tmp_path: Path, nlu_model_dir: Path, database_url: str, handoff_overrides: dict[str, Any]
) -> Settings:
    return load_settings(
        data_dir=tmp_path,
        database_url=database_url,
        nlu_model_dir=nlu_model_dir,
        secret_key="t" * 40,
        **handoff_overrides,
    )


@pytest.fixture
def staff(app: FastAPI) -> StaffHelper:
    return StaffHelper(app)
