"""Training the embedded intent classifier: TF-IDF word and character n-grams, a calibrated linear SVM.

Character n-grams carry most of the weight for misspelt chat Indonesian ("dokumn", "pasport"); word
n-grams carry phrases ("tidak bisa pulang"). Both run on the normalised text (nlu/normalise.py), so chat
abbreviations do not need to be in the training data. Calibration gives probabilities the urgent detector
can threshold.

Only training imports scikit-learn; the app runs the exported arrays (``to_runtime``, nlu/runtime.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.svm import LinearSVC

from nlu.normalise import MAX_CHARS, normalise
from nlu.runtime import WORD_TOKEN, FeatureBlock, IntentModel


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
    """Fitted scikit-learn features + calibrated model, as training produces them."""

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

    def to_runtime(self) -> IntentModel:
        """The same model as plain arrays (nlu/runtime.py), which is what the app loads and runs."""
        blocks = []
        for _, vectorizer in self.features.transformer_list:
            # The runtime re-implements the analyzers for exactly these options; refuse any other.
            if not vectorizer.lowercase or vectorizer.strip_accents or vectorizer.stop_words or (
                vectorizer.analyzer == "word" and vectorizer.token_pattern != WORD_TOKEN.pattern
            ):
                raise ValueError(f"nlu/runtime.py cannot reproduce the {vectorizer.analyzer} analyzer's options")
            blocks.append(
                FeatureBlock(
                    analyzer=vectorizer.analyzer,
                    ngram_range=tuple(vectorizer.ngram_range),
                    vocabulary={str(term): int(column) for term, column in vectorizer.vocabulary_.items()},
                    idf=np.asarray(vectorizer.idf_, dtype=float),
                )
            )
        (calibrated,) = self.model.calibrated_classifiers_  # ensemble=False: one SVM, one calibrator per class
        svm = calibrated.estimator
        if list(svm.classes_) != list(self.model.classes_):
            raise ValueError("calibrated classes out of order")
        return IntentModel(
            labels=self.labels,
            blocks=blocks,
            weights=svm.coef_.T,
            intercept=svm.intercept_.copy(),
            sigmoid_a=np.array([c.a_ for c in calibrated.calibrators]),
            sigmoid_b=np.array([c.b_ for c in calibrated.calibrators]),
            known_words=self.known_words,
        )

    def rank_with_sklearn(self, text: str) -> list[tuple[str, float]]:
        """scikit-learn's own transform + predict_proba: the reference the runtime model is tested against."""
        probabilities = self.model.predict_proba(self.features.transform([normalise(text[:MAX_CHARS])]))[0]
        order = np.argsort(-probabilities, kind="stable")
        return [(self.labels[i], float(probabilities[i])) for i in order]
