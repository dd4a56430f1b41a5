"""The intent model as the app runs it: plain arrays and dictionaries, numpy only, no scikit-learn.

Training (nlu/classifier.py) uses scikit-learn; importing it costs ~2.5 s and ~100 MB (scipy.stats comes
with it), which was most of the app's cold start. The fitted model is a few arrays, so the artefact
stores those and this module scores a message with them:

    text -> word 1-2-grams and char_wb 2-5-grams (the same n-grams as scikit-learn's analyzers)
         -> sublinear TF x IDF, L2-normalised per feature block
         -> linear SVM scores -> per-class sigmoid calibration -> normalised probabilities

tests/nlu/test_runtime.py checks the n-grams and the probabilities against scikit-learn's own.
The file is a ``.npz`` read with ``allow_pickle=False``: loading it cannot run code.
"""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from nlu.normalise import MAX_CHARS, normalise

WORD_TOKEN = re.compile(r"(?u)\b\w+\b")


def word_ngrams(text: str, low: int, high: int) -> list[str]:
    """Lower-cased word tokens and their joined n-grams, in scikit-learn's order."""
    tokens = WORD_TOKEN.findall(text.lower())
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return grams


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """Character n-grams inside space-padded words; a word shorter than n gives itself once."""
    grams: list[str] = []
    for word in text.lower().split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if len(padded) <= n:
                grams.append(padded)
                break
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


ANALYZERS: dict[str, Callable[[str, int, int], list[str]]] = {"word": word_ngrams, "char_wb": char_wb_ngrams}


@dataclass(frozen=True, slots=True)
class FeatureBlock:
    """One TF-IDF vectoriser: how it cuts text, its vocabulary and its IDF weights."""

    analyzer: str
    ngram_range: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray

    def grams(self, text: str) -> list[str]:
        return ANALYZERS[self.analyzer](text, *self.ngram_range)


class IntentModel:
    """Scores one message against every intent; sub-millisecond, thread-safe (read-only arrays)."""

    def __init__(
        self,
        *,
        labels: Sequence[str],
        blocks: Sequence[FeatureBlock],
        weights: np.ndarray,
        intercept: np.ndarray,
        sigmoid_a: np.ndarray,
        sigmoid_b: np.ndarray,
        known_words: frozenset[str] = frozenset(),
    ) -> None:
        self.labels = tuple(labels)
        self.blocks = tuple(blocks)
        self.offsets = tuple(int(x) for x in np.cumsum([0, *(len(b.vocabulary) for b in self.blocks)])[:-1])
        if weights.shape != (sum(len(b.vocabulary) for b in self.blocks), len(self.labels)):
            raise ValueError(f"weights {weights.shape} do not fit the vocabularies and labels")
        self.weights = np.ascontiguousarray(weights)  # (features, classes): one row per active feature
        self.intercept = intercept
        self.sigmoid_a = sigmoid_a
        self.sigmoid_b = sigmoid_b
        self.known_words = known_words  # for the urgent lexicon's typo correction
        # Every single word the classifier was trained on: the urgent detector's in-distribution measure.
        self.vocabulary = frozenset(
            term for b in self.blocks if b.analyzer == "word" for term in b.vocabulary if " " not in term
        )

    def probabilities(self, text: str) -> np.ndarray:
        """Calibrated probability per label (in ``labels`` order) for already-normalised text."""
        scores = self.intercept.copy()
        for block, offset in zip(self.blocks, self.offsets, strict=True):
            counts: dict[int, int] = {}
            for gram in block.grams(text):
                column = block.vocabulary.get(gram)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            if not counts:
                continue
            columns = np.fromiter(counts, dtype=np.intp, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))
            values = tf * block.idf[columns]
            values /= np.sqrt(values @ values)
            scores += values @ self.weights[columns + offset]
        per_class = 1.0 / (1.0 + np.exp(self.sigmoid_a * scores + self.sigmoid_b))
        total = per_class.sum()
        if total == 0:
            return np.full_like(per_class, 1.0 / len(per_class))
        return np.minimum(per_class / total, 1.0)

    def rank(self, text: str) -> list[tuple[str, float]]:
        """All intents with probabilities, best first."""
        probabilities = self.probabilities(normalise(text[:MAX_CHARS]))
        order = np.argsort(-probabilities, kind="stable")
        return [(self.labels[i], float(probabilities[i])) for i in order]

    # -- the artefact file ---------------------------------------------------------------------

    def save(self, path: pathlib.Path) -> None:
        meta = {
            "labels": list(self.labels),
            "known_words": sorted(self.known_words),
            "blocks": [
                {
                    "analyzer": b.analyzer,
                    "ngram_range": list(b.ngram_range),
                    # terms in column order: the list index is the column
                    "terms": sorted(b.vocabulary, key=b.vocabulary.__getitem__),
                }
                for b in self.blocks
            ],
        }
        arrays = {f"idf_{i}": b.idf for i, b in enumerate(self.blocks)}
        with path.open("wb") as handle:
            np.savez(
                handle,
                meta=np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
                weights=self.weights,
                intercept=self.intercept,
                sigmoid_a=self.sigmoid_a,
                sigmoid_b=self.sigmoid_b,
                **arrays,
            )

    @classmethod
    def load(cls, path: pathlib.Path) -> IntentModel:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(data["meta"].tobytes().decode("utf-8"))
            blocks = [
                FeatureBlock(
                    analyzer=spec["analyzer"],
                    ngram_range=(int(spec["ngram_range"][0]), int(spec["ngram_range"][1])),
                    vocabulary={term: column for column, term in enumerate(spec["terms"])},
                    idf=data[f"idf_{i}"],
                )
                for i, spec in enumerate(meta["blocks"])
            ]
            unknown = {b.analyzer for b in blocks} - ANALYZERS.keys()
            if unknown:
                raise ValueError(f"{path.name}: unknown analyzer {sorted(unknown)}")
            return cls(
                labels=meta["labels"],
                blocks=blocks,
                weights=data["weights"],
                intercept=data["intercept"],
                sigmoid_a=data["sigmoid_a"],
                sigmoid_b=data["sigmoid_b"],
                known_words=frozenset(meta["known_words"]),
            )
