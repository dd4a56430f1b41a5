from __future__ import annotations

import pytest

from nlu.embedded import EmbeddedBackend
from nlu.training_data import load_test_set
from nlu.types import INTENTS


def test_fast_scorer_matches_scikit_learn(embedded: EmbeddedBackend) -> None:
    classifier = embedded.classifier
    for text in [e.text for e in load_test_set()[::7]] + ["", "🙏", "x" * 5000]:
        fast, reference = dict(classifier.rank(text)), dict(classifier.rank_with_sklearn(text))
        assert fast.keys() == reference.keys() == set(INTENTS)
        for intent, probability in fast.items():
            assert probability == pytest.approx(reference[intent], abs=1e-9)


def test_probabilities_form_a_distribution(embedded: EmbeddedBackend) -> None:
    ranking = embedded.classifier.rank("berapa biaya ke hongkong")
    assert ranking[0][0] == "fees"
    assert sum(p for _, p in ranking) == pytest.approx(1.0)
    assert [p for _, p in ranking] == sorted((p for _, p in ranking), reverse=True)
