"""Fault-test fixtures: a fake Graph API in a thread and a factory for app processes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faults_graph import FaultyGraph, settings_env
from faults_procs import AppProcess


@pytest.fixture
def graph() -> Iterator[FaultyGraph]:
    with FaultyGraph() as fake:
        yield fake


@pytest.fixture(scope="session")
def trained_nlu(nlu_model_dir: Path) -> Path:
    """Train the embedded model once here, so app processes start in seconds instead of training."""
    from nlu.backends import build_backend

    build_backend("embedded", model_dir=nlu_model_dir)
    return nlu_model_dir


@pytest.fixture
def make_app(tmp_path: Path, trained_nlu: Path, graph: FaultyGraph) -> Iterator[Callable[..., AppProcess]]:
    started: list[AppProcess] = []

    def make(database_url: str, **env: str) -> AppProcess:
        process = AppProcess(
            {
                "HELPLINE_DATABASE_URL": database_url,
                "HELPLINE_DATA_DIR": str(tmp_path),
                "HELPLINE_NLU_MODEL_DIR": str(trained_nlu),
                "HELPLINE_SECRET_KEY": "faults-secret-key-" + "x" * 30,
                "HELPLINE_LOG_LEVEL": "WARNING",
                **settings_env(graph),
                **env,
            },
            tmp_path / f"app-{len(started)}.log",
        )
        started.append(process)
        return process

    yield make
    for process in started:
        process.stop()
