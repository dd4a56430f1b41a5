"""Urgent recall and false-urgent rate of the triage set, measured through the whole engine.

A message counts as urgent when the turn opened (or raised) an urgent ticket: what staff would see,
after the NLU, the safety gate and the flows. Each message is sent twice, by two new people: as the
first thing they write (before the privacy notice is accepted) and after they accepted it and opened
the menu, the two places real messages arrive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.evaluation.harness import Helpline

TRIAGE_SET = Path(__file__).resolve().parents[2] / "nlu" / "tests" / "triage_set.yml"
# Written later by someone who never read the detector, and never looked at while tuning it: the figure
# to trust (the first set's errors were read during the rework; nlu/README.md says how).
BLIND_SET = TRIAGE_SET.with_name("triage_set_blind.yml")
SHORT_WORDS = 6
CONTEXTS = ("first message", "after consent")


@dataclass(frozen=True, slots=True)
class TriageExample:
    text: str
    lang: str
    urgent: bool
    kind: str  # short, question, near_miss, offtopic for ordinary; the situation for urgent ones

    @property
    def short(self) -> bool:
        return len(self.text.split()) <= SHORT_WORDS


def load_triage_set(path: Path = TRIAGE_SET) -> list[TriageExample]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    examples = []
    for item in data["messages"]:
        urgent = item["expect"] == "urgent"
        kind = item.get("situation") if urgent else item.get("kind")
        examples.append(TriageExample(str(item["text"]), item.get("lang", "id"), urgent, kind or "other"))
    return examples


@dataclass
class ContextScore:
    context: str
    urgent_total: int = 0
    urgent_caught: int = 0
    ordinary_total: int = 0
    ordinary_urgent: int = 0
    short_total: int = 0
    short_urgent: int = 0
    asked_danger: int = 0  # ordinary messages answered with "are you in danger now?"
    urgent_asked: int = 0  # urgent messages not flagged but answered with "are you in danger now?"
    silent: int = 0  # turns with no reply at all (never acceptable)
    missed: list[TriageExample] = field(default_factory=list)
    false_alarms: list[TriageExample] = field(default_factory=list)
    by_kind: Counter[str] = field(default_factory=Counter)
    by_kind_wrong: Counter[str] = field(default_factory=Counter)

    def add(self, example: TriageExample, urgent: bool, asked: bool, replied: bool) -> None:
        self.by_kind[example.kind] += 1
        self.silent += not replied
        if example.urgent:
            self.urgent_total += 1
            self.urgent_caught += urgent
            if not urgent:
                self.urgent_asked += asked
                self.missed.append(example)
                self.by_kind_wrong[example.kind] += 1
            return
        self.ordinary_total += 1
        self.ordinary_urgent += urgent
        self.asked_danger += asked and not urgent
        if example.short:
            self.short_total += 1
            self.short_urgent += urgent
        if urgent:
            self.false_alarms.append(example)
            self.by_kind_wrong[example.kind] += 1

    @property
    def recall(self) -> float:
        return self.urgent_caught / self.urgent_total if self.urgent_total else 1.0

    @property
    def false_urgent_rate(self) -> float:
        return self.ordinary_urgent / self.ordinary_total if self.ordinary_total else 0.0

    @property
    def short_false_urgent_rate(self) -> float:
        return self.short_urgent / self.short_total if self.short_total else 0.0


DANGER_QUESTION = ("in danger right now", "dalam bahaya sekarang")


async def evaluate_triage(helpline: Helpline, examples: Iterable[TriageExample]) -> list[ContextScore]:
    scores = [ContextScore(c) for c in CONTEXTS]
    for example in examples:
        for score in scores:
            person = helpline.person()
            if score.context == "after consent":
                await person.says("/start")
                await person.presses("welcome.privacy.agree")
            result = await person.says(example.text)
            ticket = await person.open_ticket()
            said = " ".join(r.text for r in result.replies).lower()
            asked = any(q in said for q in DANGER_QUESTION)
            score.add(example, ticket is not None and ticket.urgent, asked, bool(result.replies))
    return scores


def triage_table(scores: list[ContextScore]) -> str:
    lines = [
        "| context | urgent recall | false urgent (ordinary) | false urgent (<= 6 words) "
        "| missed but asked 'in danger?' | asked 'in danger?' (ordinary) | turns without a reply |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in scores:
        lines.append(
            f"| {s.context} | {s.recall:.3f} ({s.urgent_caught}/{s.urgent_total}) "
            f"| {s.false_urgent_rate:.4f} ({s.ordinary_urgent}/{s.ordinary_total}) "
            f"| {s.short_false_urgent_rate:.4f} ({s.short_urgent}/{s.short_total}) "
            f"| {s.urgent_asked}/{s.urgent_total - s.urgent_caught} "
            f"| {s.asked_danger / max(1, s.ordinary_total):.3f} ({s.asked_danger}) | {s.silent} |"
        )
    return "\n".join(lines)


def errors_text(scores: list[ContextScore], limit: int = 40) -> str:
    out = []
    for s in scores:
        for label, items in (("missed urgent", s.missed), ("false urgent", s.false_alarms)):
            for e in items[:limit]:
                out.append(f"  [{s.context}] {label} ({e.lang}, {e.kind}): {e.text[:110]}")
    return "\n".join(out)
