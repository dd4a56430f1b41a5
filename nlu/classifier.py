"""The embedded intent classifier: TF-IDF word and character n-grams and a calibrated linear SVM.

Character n-grams carry most of the weight for misspelt chat Indonesian ("dokumn", "pasport"); word
n-grams carry phrases ("tidak bisa pulang"). Both run on the normalised text (nlu/normalise.py), so chat
abbreviations do not need to be in the training data. Calibration gives probabilities the urgent detector
can threshold.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from nlu.normalise import MAX_CHARS, normalise

# Bump when normalisation or features change: a saved artefact with another version is retrained.
FEATURES_VERSION = "2"


def build_features() -> FeatureUnion:
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                                      token_pattern=r"(?u)\b\w+\b")),  # noqa: S106 - a regex, not a password
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2,
                                      max_features=60000)),
        ]
    )


class IntentClassifier:
    """Fitted features + calibrated model; `rank` is the hot path (one message, sub-millisecond)."""

    def __init__(
        self, features: FeatureUnion, model: CalibratedClassifierCV, known_words: frozenset[str] = frozenset()
    ) -> None:
        self.features = features
        self.model = model
        self.known_words = known_words  # saved with the model for the urgent lexicon's typo correction
        self.labels: tuple[str, ...] = tuple(str(c) for c in model.classes_)

    @classmethod
    def train(
        cls,
        texts: Sequence[str],
        intents: Sequence[str],
        *,
        known_words: frozenset[str] = frozenset(),
        seed: int = 13,
    ) -> IntentClassifier:
        features = build_features()
        matrix = features.fit_transform([normalise(t) for t in texts])
        # ensemble=False: one SVM on all the data, calibrated on cross-validated scores; one model to run
        # at parse time instead of five.
        model = CalibratedClassifierCV(
            LinearSVC(C=0.5, class_weight="balanced", random_state=seed),
            method="sigmoid",
            cv=5,
            ensemble=False,
        )
        model.fit(matrix, list(intents))
        return cls(features, model, known_words)

    def rank(self, text: str) -> list[tuple[str, float]]:
        """All intents with probabilities, best first."""
        probabilities = self.model.predict_proba(self.features.transform([normalise(text[:MAX_CHARS])]))[0]
        order = np.argsort(-probabilities)
        return [(self.labels[i], float(probabilities[i])) for i in order]
