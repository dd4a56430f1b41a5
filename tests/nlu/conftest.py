"""One trained embedded model per test session (training takes a few seconds)."""

from __future__ import annotations

import pathlib

import pytest

from nlu.embedded import EmbeddedBackend


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return tmp_path_factory.mktemp("nlu-model")


@pytest.fixture(scope="session")
def embedded(model_dir: pathlib.Path) -> EmbeddedBackend:
    return EmbeddedBackend.load(model_dir)
