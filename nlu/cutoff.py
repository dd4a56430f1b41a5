"""Choosing the intent-confidence cut-off (nlu.types.MIN_CONFIDENCE) from data.

The flows act on the NLU's intent only when its confidence reaches the cut-off; below it the bot says it
did not understand (twice in a row: the menu and a person). A wrong answer misleads a migrant, a "not
understood" costs one more message, so the cut-off trades one against the other.

The figures come from stratified k-fold cross-validation on the training data (nlu/data): each fold is
parsed by a model trained on the other folds, through the same urgent layers as the app
(``compose_result``). The held-out test set is never used here to choose; the CLI only reports the chosen
value's figures on it afterwards.

Messages the NLU marks URGENT go to the emergency flow whatever their confidence (bot/engine.py), so they
are left out of the table and counted separately; everything else is decided by the cut-off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nlu.artefact import train_model
from nlu.embedded import EmbeddedBackend
from nlu.training_data import Example
from nlu.types import NluResult

# 0.20, 0.25, ... 0.80
DEFAULT_CUTOFFS: tuple[float, ...] = tuple(round(0.20 + 0.05 * i, 2) for i in range(13))
# A wrong answer is counted as this many lost right answers when choosing (see nlu/README.md).
WRONG_ANSWER_COST = 2.0


@dataclass(frozen=True, slots=True)
class CutoffRow:
    """What one cut-off does to the messages it decides; the three shares add up to 1."""

    cutoff: float
    decided: int  # messages the cut-off decides (not URGENT)
    answered_right: float  # share answered (confidence >= cut-off) with the right intent
    answered_wrong: float  # share answered with a wrong intent: the misleading answers
    held_back_right: float  # share "not understood" although the intent was right
    held_back_wrong: float  # share "not understood" that would have been answered wrongly

    @property
    def answered(self) -> float:
        return self.answered_right + self.answered_wrong

    @property
    def not_answered(self) -> float:
        return self.held_back_right + self.held_back_wrong

    @property
    def answered_accuracy(self) -> float:
        return self.answered_right / self.answered if self.answered else 0.0

    def utility(self, wrong_cost: float = WRONG_ANSWER_COST) -> float:
        return self.answered_right - wrong_cost * self.answered_wrong


def cutoff_table(
    examples: Sequence[Example], results: Sequence[NluResult], cutoffs: Sequence[float] = DEFAULT_CUTOFFS
) -> list[CutoffRow]:
    """One row per cut-off over the non-URGENT messages, judged as the flows judge them
    (``NluResult.intent`` and ``confidence``; an out_of_scope answer is right only for out_of_scope)."""
    if len(examples) != len(results):
        raise ValueError("one result per example expected")
    decided = [
        (r.confidence, r.intent == e.intent) for e, r in zip(examples, results, strict=True) if not r.urgent
    ]
    n = len(decided)
    rows = []
    for cutoff in cutoffs:
        counts = [0, 0, 0, 0]  # answered right, answered wrong, held back right, held back wrong
        for confidence, right in decided:
            counts[(0 if confidence >= cutoff else 2) + (0 if right else 1)] += 1
        shares = [c / n if n else 0.0 for c in counts]
        rows.append(CutoffRow(cutoff, n, *shares))
    return rows


def choose_cutoff(rows: Sequence[CutoffRow], wrong_cost: float = WRONG_ANSWER_COST) -> CutoffRow:
    """The rule: most right answers minus ``wrong_cost`` x wrong answers; on a tie, the lower cut-off
    (fewer "not understood")."""
    if not rows:
        raise ValueError("no cut-offs to choose from")
    return max(sorted(rows, key=lambda r: r.cutoff), key=lambda r: round(r.utility(wrong_cost), 9))


def table_text(rows: Sequence[CutoffRow], wrong_cost: float = WRONG_ANSWER_COST) -> str:
    lines = [
        f"{'cut-off':>7} {'answered':>8} {'acc. answered':>13} {'wrong':>6} {'held back, right':>16} "
        f"{'right - ' + format(wrong_cost, 'g') + 'x wrong':>17}"
    ]
    for r in rows:
        lines.append(
            f"{r.cutoff:7.2f} {r.answered:8.3f} {r.answered_accuracy:13.3f} {r.answered_wrong:6.3f} "
            f"{r.held_back_right:16.3f} {r.utility(wrong_cost):17.3f}"
        )
    return "\n".join(lines)


def cross_validated_results(
    examples: Sequence[Example], folds: int = 5, seed: int = 13, repeats: int = 1
) -> list[NluResult]:
    """Each example parsed by a model trained on the other folds (stratified by intent).

    With ``repeats`` > 1 the split is redrawn (seeds ``seed``, ``seed + 1``, ...) and the results are
    aligned with ``list(examples) * repeats``: one split's luck should not pick the cut-off.
    """
    # scikit-learn only here: this is training, never imported by the app.
    from sklearn.model_selection import StratifiedKFold

    intents = [e.intent for e in examples]
    texts = [e.text for e in examples]
    all_results: list[NluResult] = []
    for repeat in range(repeats):
        results: list[NluResult | None] = [None] * len(examples)
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed + repeat)
        for train_idx, test_idx in splitter.split(texts, intents):
            backend = trained_backend([examples[i] for i in train_idx], seed)
            for i in test_idx:
                results[i] = backend.parse_sync(texts[i])
        all_results += [r for r in results if r is not None]
    return all_results


def trained_backend(examples: Sequence[Example], seed: int = 13) -> EmbeddedBackend:
    """The app's backend over a model trained in memory on ``examples`` (as nlu/artefact.py trains it)."""
    return EmbeddedBackend(train_model(examples, seed))
