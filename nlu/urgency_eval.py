"""Figures for the urgent rule: urgent recall, false-urgent rate (all and short messages), POSSIBLE rate.

Two sources, both usable for tuning (the held-out sets in nlu/tests/ are not):
- the urgency dev set (nlu/tests/urgency_dev.yml): hand-written `{text, lang, expect: urgent|ordinary}`;
- cross-validation on the training data (nlu/data): each example parsed by a model trained on the other
  folds, gold "urgent" = intent `emergency`.

`helpline nlu urgency` prints both.
"""

from __future__ import annotations

import pathlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import yaml

from nlu.normalise import raw_words
from nlu.training_data import PACKAGE_DIR
from nlu.types import NluResult, Urgency

DEV_SET = PACKAGE_DIR / "tests" / "urgency_dev.yml"
SHORT_WORDS = 6  # "short" messages: the openers, buttons, locations and self-descriptions of the issue


@dataclass(frozen=True, slots=True)
class DevExample:
    text: str
    lang: str
    urgent: bool


def load_dev_set(path: pathlib.Path = DEV_SET) -> list[DevExample]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    examples = []
    for item in items:
        expect = item.get("expect")
        if expect not in {"urgent", "ordinary"}:
            raise ValueError(f"{path.name}: expect must be urgent or ordinary, not {expect!r}: {item}")
        examples.append(DevExample(str(item["text"]), str(item.get("lang", "id")), expect == "urgent"))
    return examples


def is_short(text: str) -> bool:
    return len(raw_words(text)) <= SHORT_WORDS


@dataclass(slots=True)
class UrgencyFigures:
    urgent: int
    ordinary: int
    short_ordinary: int
    urgent_recall: float
    false_urgent_rate: float
    short_false_urgent_rate: float
    possible_rate_ordinary: float  # share of ordinary messages that get the "are you in danger?" question
    possible_on_urgent: int
    missed: list[str] = field(default_factory=list)
    false_urgent: list[str] = field(default_factory=list)
    possible: list[str] = field(default_factory=list)

    def as_text(self, title: str) -> str:
        return "\n".join(
            [
                f"{title}: {self.urgent} urgent, {self.ordinary} ordinary ({self.short_ordinary} of <= "
                f"{SHORT_WORDS} words)",
                f"  urgent recall              {self.urgent_recall:.3f}  (POSSIBLE on {self.possible_on_urgent})",
                f"  false-urgent, all          {self.false_urgent_rate:.4f}",
                f"  false-urgent, <= {SHORT_WORDS} words   {self.short_false_urgent_rate:.4f}",
                f"  POSSIBLE on ordinary       {self.possible_rate_ordinary:.4f}",
            ]
        )


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def urgency_figures(
    texts: Sequence[str], urgent_gold: Sequence[bool], results: Sequence[NluResult]
) -> UrgencyFigures:
    if not len(texts) == len(urgent_gold) == len(results):
        raise ValueError("one result per example expected")
    rows = list(zip(texts, urgent_gold, results, strict=True))
    urgent = [(t, r) for t, g, r in rows if g]
    ordinary = [(t, r) for t, g, r in rows if not g]
    short = [(t, r) for t, r in ordinary if is_short(t)]
    missed = [f"{t}  [{r.urgency.value} {','.join(r.urgent_reasons)}]" for t, r in urgent if not r.urgent]
    false_urgent = [f"{t}  [{','.join(r.urgent_reasons)}]" for t, r in ordinary if r.urgent]
    possible = [f"{t}  [{','.join(r.urgent_reasons)}]" for t, r in ordinary if r.urgency is Urgency.POSSIBLE]
    return UrgencyFigures(
        urgent=len(urgent),
        ordinary=len(ordinary),
        short_ordinary=len(short),
        urgent_recall=_ratio(len(urgent) - len(missed), len(urgent)),
        false_urgent_rate=_ratio(len(false_urgent), len(ordinary)),
        short_false_urgent_rate=_ratio(sum(r.urgent for _, r in short), len(short)),
        possible_rate_ordinary=_ratio(len(possible), len(ordinary)),
        possible_on_urgent=sum(r.urgency is Urgency.POSSIBLE for _, r in urgent),
        missed=missed,
        false_urgent=false_urgent,
        possible=possible,
    )
