"""Scores a backend on the held-out test set: intent quality and, above all, urgent recall.

"Urgent" in the test set means the gold intent is `emergency`. A prediction counts as urgent only when
Urgency.URGENT; POSSIBLE counts as not urgent here (the engine would ask a question, not raise the alarm),
and how often POSSIBLE was returned is reported separately.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from nlu.training_data import Example
from nlu.types import INTENTS, NluResult, Urgency


@dataclass(frozen=True, slots=True)
class IntentScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(slots=True)
class Report:
    total: int
    accuracy: float
    macro_f1: float
    per_intent: dict[str, IntentScore]
    urgent_recall: float
    false_urgent_rate: float
    urgent_gold: int
    possible_count: int
    possible_on_urgent: int
    confused_pairs: list[tuple[str, str, int]]
    missed_urgent: list[str] = field(default_factory=list)
    false_urgent: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [f"{'intent':<18} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}"]
        for intent, score in self.per_intent.items():
            lines.append(
                f"{intent:<18} {score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f} {score.support:4d}"
            )
        lines += [
            "",
            f"messages            {self.total}",
            f"accuracy            {self.accuracy:.3f}",
            f"macro-F1            {self.macro_f1:.3f}",
            f"urgent recall       {self.urgent_recall:.3f}  ({self.urgent_gold} urgent in the test set)",
            f"false-urgent rate   {self.false_urgent_rate:.3f}",
            f"POSSIBLE returned   {self.possible_count}  ({self.possible_on_urgent} on urgent messages)",
            "most confused (gold -> predicted, count):",
            *(f"  {gold} -> {pred}: {n}" for gold, pred, n in self.confused_pairs),
        ]
        if self.missed_urgent:
            lines += ["missed urgent:", *(f"  {t}" for t in self.missed_urgent)]
        if self.false_urgent:
            lines += ["false urgent:", *(f"  {t}" for t in self.false_urgent)]
        return "\n".join(lines)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def score(examples: Sequence[Example], results: Sequence[NluResult], *, top_confusions: int = 8) -> Report:
    if len(examples) != len(results):
        raise ValueError("one result per example expected")
    pairs = list(zip(examples, results, strict=True))
    gold = [e.intent for e in examples]
    predicted = [r.intent for r in results]
    per_intent: dict[str, IntentScore] = {}
    for intent in INTENTS:
        tp = sum(e.intent == r.intent == intent for e, r in pairs)
        precision, recall = _ratio(tp, predicted.count(intent)), _ratio(tp, gold.count(intent))
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[intent] = IntentScore(precision, recall, f1, gold.count(intent))
    present = [s for s in per_intent.values() if s.support]
    urgent = [(e, r) for e, r in pairs if e.intent == "emergency"]
    not_urgent = [(e, r) for e, r in pairs if e.intent != "emergency"]
    missed = [r.text for _, r in urgent if not r.urgent]
    false_alarms = [f"{r.text}  [{e.intent}]" for e, r in not_urgent if r.urgent]
    confusions = Counter((e.intent, r.intent) for e, r in pairs if e.intent != r.intent)
    return Report(
        total=len(pairs),
        accuracy=_ratio(sum(e.intent == r.intent for e, r in pairs), len(pairs)),
        macro_f1=sum(s.f1 for s in present) / len(present) if present else 0.0,
        per_intent=per_intent,
        urgent_recall=_ratio(len(urgent) - len(missed), len(urgent)),
        false_urgent_rate=_ratio(len(false_alarms), len(not_urgent)),
        urgent_gold=len(urgent),
        possible_count=sum(r.urgency is Urgency.POSSIBLE for r in results),
        possible_on_urgent=sum(r.urgency is Urgency.POSSIBLE for _, r in urgent),
        confused_pairs=[(g, p, n) for (g, p), n in confusions.most_common(top_confusions)],
        missed_urgent=missed,
        false_urgent=false_alarms,
    )
