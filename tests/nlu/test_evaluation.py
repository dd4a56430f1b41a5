from __future__ import annotations

from nlu.evaluation import score
from nlu.training_data import Example
from nlu.types import NluResult, Urgency


def _result(text: str, intent: str, urgency: Urgency = Urgency.NONE) -> NluResult:
    return NluResult(text=text, intent=intent, confidence=0.9, urgency=urgency, lang="id")


def test_urgent_recall_counts_possible_as_not_urgent() -> None:
    examples = [
        Example("a", "emergency", "t"),
        Example("b", "emergency", "t"),
        Example("c", "documents", "t"),
        Example("d", "documents", "t"),
    ]
    results = [
        _result("a", "emergency", Urgency.URGENT),
        _result("b", "report_case", Urgency.POSSIBLE),
        _result("c", "documents"),
        _result("d", "emergency", Urgency.URGENT),
    ]
    report = score(examples, results)
    assert report.urgent_recall == 0.5
    assert report.false_urgent_rate == 0.5
    assert report.possible_count == 1 and report.possible_on_urgent == 1
    assert report.missed_urgent == ["b"]
    assert report.accuracy == 0.5
    assert report.per_intent["documents"].precision == 1.0 and report.per_intent["documents"].recall == 0.5
    assert ("emergency", "report_case", 1) in report.confused_pairs
    assert "macro-F1" in report.as_text()
