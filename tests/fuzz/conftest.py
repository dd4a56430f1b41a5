"""Fuzz fixtures: one app per module; Hypothesis kept small (the whole folder runs in under 2 minutes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_app import SyncClient, fuzz_client
from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz",
    max_examples=30,
    deadline=None,
    derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    database=None,
)


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory, nlu_model_dir: Path) -> Iterator[SyncClient]:
    with fuzz_client(tmp_path_factory.mktemp("fuzz-app"), nlu_model_dir) as client:
        yield client
