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
FEATURES_VERSION = "3"


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
        probabilities = self._scorer().probabilities(normalise(text[:MAX_CHARS]))
        order = np.argsort(-probabilities)
        return [(self.labels[i], float(probabilities[i])) for i in order]

    def rank_with_sklearn(self, text: str) -> list[tuple[str, float]]:
        """The same through scikit-learn's own predict_proba: the reference the fast path is tested against."""
        probabilities = self.model.predict_proba(self.features.transform([normalise(text[:MAX_CHARS])]))[0]
        order = np.argsort(-probabilities)
        return [(self.labels[i], float(probabilities[i])) for i in order]

    def _scorer(self) -> FastScorer:
        scorer = self.__dict__.get("_fast")
        if scorer is None:
            scorer = self.__dict__["_fast"] = FastScorer(self.features, self.model)
        return scorer

    def __getstate__(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "_fast"}  # rebuilt on load, not pickled


class FastScorer:
    """scikit-learn's transform + predict_proba for one message, without its per-call overhead.

    Sparse-matrix construction and input validation cost ~1 ms per call, far more than the arithmetic.
    This computes the same numbers directly: sublinear TF-IDF, L2 norm per vectoriser, the SVM's linear
    scores, then each class's sigmoid calibrator and normalisation (sklearn's _CalibratedClassifier).
    """

    def __init__(self, features: FeatureUnion, model: CalibratedClassifierCV) -> None:
        self._blocks = []
        offset = 0
        for _, vectorizer in features.transformer_list:
            self._blocks.append((vectorizer.build_analyzer(), vectorizer.vocabulary_, vectorizer.idf_, offset))
            offset += len(vectorizer.vocabulary_)
        (calibrated,) = model.calibrated_classifiers_  # ensemble=False: one SVM, one calibrator per class
        svm = calibrated.estimator
        if list(svm.classes_) != list(model.classes_):
            raise ValueError("calibrated classes out of order")
        self._weights = np.ascontiguousarray(svm.coef_.T)  # (features, classes): one row per active feature
        self._intercept = svm.intercept_.copy()
        self._a = np.array([c.a_ for c in calibrated.calibrators])
        self._b = np.array([c.b_ for c in calibrated.calibrators])

    def probabilities(self, text: str) -> np.ndarray:
        scores = self._intercept.copy()
        for analyzer, vocabulary, idf, offset in self._blocks:
            counts: dict[int, int] = {}
            for gram in analyzer(text):
                column = vocabulary.get(gram)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            if not counts:
                continue
            columns = np.fromiter(counts, dtype=np.intp, count=len(counts))
            values = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * idf[columns]
            values /= np.sqrt(values @ values)
            scores += values @ self._weights[columns + offset]
        probabilities = 1.0 / (1.0 + np.exp(self._a * scores + self._b))
        total = probabilities.sum()
        if total == 0:
            return np.full_like(probabilities, 1.0 / len(probabilities))
        return np.minimum(probabilities / total, 1.0)
