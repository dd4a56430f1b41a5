"""Fixtures for the handoff tests (helpers live in handoff_staff.py, importable by the tests)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from handoff_staff import StaffHelper


@pytest.fixture
def staff(app: FastAPI) -> StaffHelper:
    return StaffHelper(app)
