"""One trained embedded model per test session (training takes a few seconds)."""

from __future__ import annotations

import pathlib
from collections.abc import Callable

import pytest

from nlu.embedded import EmbeddedBackend

TINY_DATA = """version: "3.1"
nlu:
- intent: greet
  examples: |
{greet}
- intent: documents
  examples: |
{documents}
- intent: emergency
  examples: |
{emergency}
"""


def write_tiny_data(directory: pathlib.Path, extra: str = "") -> pathlib.Path:
    directory.mkdir(parents=True, exist_ok=True)
    lines = {
        "greet": ["halo", "hai kak", "selamat pagi", "hello", "hi there", "assalamualaikum", "pagi min"],
        "documents": ["dokumen apa saja", "syarat paspor", "what documents", "perlu ktp?", "surat izin suami",
                      "akta lahir hilang", "berkas daftar"],
        "emergency": ["tolong saya dikurung", "dipukul majikan", "help I am locked in", "saya disekap",
                      "mau bunuh diri", "paspor diambil tidak boleh keluar", "diancam dibunuh" + extra],
    }
    body = TINY_DATA.format(**{k: "\n".join(f"    - {t}" for t in v) for k, v in lines.items()})
    (directory / "tiny.yml").write_text(body, encoding="utf-8")
    return directory


@pytest.fixture
def tiny_data() -> Callable[..., pathlib.Path]:
    """Writes a three-intent training set: enough to train in well under a second."""
    return write_tiny_data


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return tmp_path_factory.mktemp("nlu-model")


@pytest.fixture(scope="session")
def embedded(model_dir: pathlib.Path) -> EmbeddedBackend:
    return EmbeddedBackend.load(model_dir)
