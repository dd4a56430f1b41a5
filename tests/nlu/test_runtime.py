"""The app's numpy-only intent model gives scikit-learn's n-grams and probabilities, without importing it."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from nlu.artefact import read_manifest
from nlu.classifier import IntentClassifier
from nlu.embedded import EmbeddedBackend
from nlu.normalise import normalise
from nlu.runtime import IntentModel, char_wb_ngrams, word_ngrams
from nlu.training_data import load_test_set, load_training_data
from nlu.types import INTENTS

ODD_TEXTS = ["", " ", "a", "ab", "🙏", "x" * 5000, "  dua   spasi\tdan\ntab ", "İstanbul ÇAĞ", "ß ǅ ﬁ", "1 2 3"]


@pytest.fixture(scope="module")
def reference() -> IntentClassifier:
    """The scikit-learn model, trained here on the project's data (the same way train_artefact does)."""
    examples = load_training_data()
    return IntentClassifier.train([e.text for e in examples], [e.intent for e in examples])


def _texts() -> list[str]:
    return [e.text for e in load_test_set()] + ODD_TEXTS


@pytest.mark.parametrize(("analyzer", "ngram_range", "ours"), [("word", (1, 2), word_ngrams),
                                                               ("word", (2, 3), word_ngrams),
                                                               ("char_wb", (2, 5), char_wb_ngrams),
                                                               ("char_wb", (1, 3), char_wb_ngrams)])
def test_ngrams_are_scikit_learns(analyzer: str, ngram_range: tuple[int, int], ours) -> None:  # type: ignore[no-untyped-def]
    sklearn_analyzer = TfidfVectorizer(
        analyzer=analyzer, ngram_range=ngram_range, token_pattern=r"(?u)\b\w+\b"
    ).build_analyzer()
    for text in _texts():
        for variant in (text, normalise(text)):
            assert ours(variant, *ngram_range) == sklearn_analyzer(variant), variant


def test_runtime_probabilities_match_scikit_learn(reference: IntentClassifier) -> None:
    runtime = reference.to_runtime()
    for text in _texts():
        ours, theirs = dict(runtime.rank(text)), dict(reference.rank_with_sklearn(text))
        assert ours.keys() == theirs.keys() == set(INTENTS)
        for intent, probability in ours.items():
            assert probability == pytest.approx(theirs[intent], abs=1e-9), (text, intent)


def test_saved_artefact_loads_to_the_same_numbers(reference: IntentClassifier, tmp_path: pathlib.Path) -> None:
    runtime = reference.to_runtime()
    runtime.save(tmp_path / "model.npz")
    loaded = IntentModel.load(tmp_path / "model.npz")
    assert loaded.labels == runtime.labels and loaded.known_words == runtime.known_words
    for text in _texts()[::5]:
        assert np.array_equal(loaded.probabilities(normalise(text)), runtime.probabilities(normalise(text)))


def test_artefact_is_not_a_pickle(embedded: EmbeddedBackend, model_dir: pathlib.Path) -> None:
    manifest = read_manifest(model_dir)
    assert manifest is not None and manifest.model_file.endswith(".npz")
    with np.load(model_dir / manifest.model_file, allow_pickle=False) as data:  # raises if it held objects
        assert {"meta", "weights", "intercept"} <= set(data.files)


def test_probabilities_form_a_distribution(embedded: EmbeddedBackend) -> None:
    ranking = embedded.classifier.rank("berapa biaya ke hongkong")
    assert ranking[0][0] == "fees"
    assert sum(p for _, p in ranking) == pytest.approx(1.0)
    assert [p for _, p in ranking] == sorted((p for _, p in ranking), reverse=True)


def test_the_app_never_imports_scikit_learn(embedded: EmbeddedBackend, model_dir: pathlib.Path) -> None:
    """scikit-learn (and scipy under it) cost seconds of cold start; only training may import them."""
    probe = (
        "import sys, pathlib\n"
        "import bot.asgi\n"
        "from nlu.embedded import EmbeddedBackend\n"
        f"EmbeddedBackend.load(pathlib.Path({str(model_dir)!r})).parse_sync('paspor saya ditahan majikan')\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in {'sklearn', 'scipy', 'joblib', 'alembic'})\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]", done.stdout
