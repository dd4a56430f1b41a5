"""build_backend and the embedded artefact: load, retrain when stale, parse anything without raising."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlu.artefact import MANIFEST, load_or_train, read_manifest
from nlu.backends import build_backend
from nlu.embedded import EmbeddedBackend
from nlu.rasa_backend import RasaBackend
from nlu.types import INTENTS, NluResult, Urgency


async def test_build_backend_embedded_trains_when_missing_and_parses(model_dir: pathlib.Path) -> None:
    backend = build_backend("embedded", model_dir=model_dir)
    result = await backend.parse("sy mw krj k taiwan, dokumennya apa aj")
    assert isinstance(result, NluResult)
    assert result.intent == "documents"
    assert result.urgency is Urgency.NONE
    manifest = json.loads((model_dir / MANIFEST).read_text())
    assert manifest["sklearn_version"] and manifest["data_hash"] and manifest["created"]
    assert (model_dir / manifest["model_file"]).exists()
    await backend.aclose()


def test_artefact_is_reused_when_fresh_and_retrained_when_data_changes(
    tmp_path: pathlib.Path, tiny_data: Callable[..., pathlib.Path]
) -> None:
    data, models = tiny_data(tmp_path / "data"), tmp_path / "models"
    _, first = load_or_train(models, data)
    _, again = load_or_train(models, data)
    assert again.model_file == first.model_file  # fresh: loaded, not retrained
    tiny_data(data, extra=" malam ini")
    classifier, changed = load_or_train(models, data)
    assert changed.data_hash != first.data_hash
    assert read_manifest(models) == changed
    assert [p.name for p in models.glob("intent-*.npz")] == [changed.model_file]  # old one removed
    assert classifier.rank("tolong saya dikurung")[0][0] == "emergency"


def test_build_backend_rejects_unknown_kinds_and_rasa_without_url() -> None:
    with pytest.raises(ValueError, match="unknown NLU backend"):
        build_backend("spacy")
    with pytest.raises(ValueError, match="Rasa URL"):
        build_backend("rasa")
    assert isinstance(build_backend("rasa", rasa_url="http://127.0.0.1:5005"), RasaBackend)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀😀😀🙏",
        "a" * 10_000,
        "tolong " * 2_000,
        "\x00\x01\x02\x1b[2J\u200b\u202e",
        "سلام 你好 привет saya mau kerja ke taiwan",
        "\ud800",  # a lone surrogate, as a broken client might send
        "🆘",
    ],
)
def test_bad_input_always_gives_a_valid_parse(embedded: EmbeddedBackend, text: str) -> None:
    result = embedded.parse_sync(text)
    assert result.intent in INTENTS
    assert 0.0 <= result.confidence <= 1.0
    assert result.lang in {"id", "en", "su", "jv", "ms", "sas"}
    json.dumps(result.as_json())


def test_a_danger_phrase_at_the_end_of_a_long_story_is_found(embedded: EmbeddedBackend) -> None:
    story = "saya berangkat ke malaysia lewat sponsor tahun ini dan awalnya baik baik saja. " * 150
    assert embedded.parse_sync(story + " sekarang saya dikurung majikan").urgent


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_parses(embedded: EmbeddedBackend, text: str) -> None:
    result = embedded.parse_sync(text)
    assert result.intent in INTENTS
    assert result.urgency in set(Urgency)
    if result.intent == "emergency":
        assert result.urgent
