"""The held-out test set stays held out: no text in it appears, exactly or nearly, in the training data."""

from __future__ import annotations

from collections import Counter

from rapidfuzz import fuzz, process

from nlu.normalise import normalise
from nlu.training_data import load_test_set, load_training_data
from nlu.types import INTENTS

# Two messages whose normalised forms score this high differ by a typo or two: that is a leak.
NEAR_DUPLICATE = 88.0


def test_test_set_is_large_and_covers_every_intent() -> None:
    examples = load_test_set()
    assert len(examples) >= 300
    counts = Counter(e.intent for e in examples)
    assert set(counts) == set(INTENTS)
    assert counts["emergency"] >= 50


def test_no_test_text_appears_in_training() -> None:
    training = sorted({normalise(e.text) for e in load_training_data()})
    leaks = []
    for example in load_test_set():
        text = normalise(example.text)
        if text in training:
            leaks.append((example.text, "exact"))
            continue
        if len(text.split()) >= 3:
            match = process.extractOne(text, training, scorer=fuzz.ratio, score_cutoff=NEAR_DUPLICATE)
            if match:
                leaks.append((example.text, match[0]))
    assert leaks == []


def test_training_data_meets_the_minimum_per_intent_and_language() -> None:
    examples = load_training_data()
    per_file = Counter((e.source, e.intent) for e in examples)
    for intent in INTENTS:
        assert per_file[("id.yml", intent)] >= 60, intent
        assert per_file[("en.yml", intent)] >= 40, intent
    assert per_file[("regional.yml", "emergency")] >= 30
