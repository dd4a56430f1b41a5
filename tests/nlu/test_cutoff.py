"""Choosing the confidence cut-off: the table's arithmetic, the rule, cross-validation, the command."""

from __future__ import annotations

import pathlib

from typer.testing import CliRunner

from nlu.cli import app
from nlu.cutoff import DEFAULT_CUTOFFS, CutoffRow, choose_cutoff, cross_validated_results, cutoff_table
from nlu.training_data import Example, load_training_data
from nlu.types import NluResult, Urgency

# A slice of the real training data: 3 intents x 12 examples trains in well under a second per fold.
SLICE_INTENTS = ("documents", "fees", "emergency")


def _result(intent: str, confidence: float, urgency: Urgency = Urgency.NONE) -> NluResult:
    return NluResult(text="x", intent=intent, confidence=confidence, urgency=urgency, lang="id")


def _sliced(per_intent: int = 12) -> list[Example]:
    examples = load_training_data()
    return [e for intent in SLICE_INTENTS for e in [x for x in examples if x.intent == intent][:per_intent]]


def _assert_consistent(rows: list[CutoffRow]) -> None:
    answered = [r.answered for r in rows]
    assert answered == sorted(answered, reverse=True)  # coverage never rises with the cut-off
    for r in rows:
        assert abs(r.answered_right + r.answered_wrong + r.not_answered - 1.0) < 1e-9
        assert 0.0 <= r.answered_accuracy <= 1.0


def test_table_counts_right_wrong_and_held_back_and_leaves_urgent_out() -> None:
    examples = [Example(t, i, "t") for t, i in [("a", "fees"), ("b", "fees"), ("c", "visa"), ("d", "visa")]]
    examples.append(Example("e", "emergency", "t"))
    results = [
        _result("fees", 0.9),  # right, confident
        _result("fees", 0.3),  # right, unsure
        _result("fees", 0.6),  # wrong, fairly confident
        _result("visa", 0.45),  # right
        _result("emergency", 0.1, Urgency.URGENT),  # the emergency flow, whatever the cut-off
    ]
    low, mid, high = cutoff_table(examples, results, [0.2, 0.5, 0.95])
    assert low.decided == mid.decided == high.decided == 4
    assert (low.answered_right, low.answered_wrong, low.not_answered) == (0.75, 0.25, 0.0)
    assert (mid.answered_right, mid.answered_wrong, mid.held_back_right) == (0.25, 0.25, 0.5)
    assert mid.answered_accuracy == 0.5
    assert (high.answered, high.held_back_right, high.held_back_wrong) == (0.0, 0.75, 0.25)
    _assert_consistent([low, mid, high])


def test_rule_weighs_a_wrong_answer_twice_and_prefers_the_lower_cut_off_on_a_tie() -> None:
    rows = [
        CutoffRow(0.3, 10, 0.9, 0.1, 0.0, 0.0),  # 0.9 - 0.2 = 0.7
        CutoffRow(0.5, 10, 0.85, 0.05, 0.1, 0.0),  # 0.85 - 0.1 = 0.75
        CutoffRow(0.6, 10, 0.8, 0.025, 0.15, 0.025),  # 0.8 - 0.05 = 0.75, a tie
        CutoffRow(0.7, 10, 0.6, 0.0, 0.35, 0.05),
    ]
    assert choose_cutoff(rows).cutoff == 0.5
    assert choose_cutoff(rows, wrong_cost=1.0).cutoff == 0.3
    assert choose_cutoff(rows, wrong_cost=10.0).cutoff == 0.7  # no wrong answers at all


def test_cross_validation_on_a_slice_gives_a_monotone_consistent_table() -> None:
    examples = _sliced()
    results = cross_validated_results(examples, folds=2, repeats=2)
    assert len(results) == 2 * len(examples)
    assert [r.text for r in results] == [e.text for e in examples] * 2  # aligned with the input
    rows = cutoff_table(examples * 2, results)
    assert [r.cutoff for r in rows] == list(DEFAULT_CUTOFFS)
    _assert_consistent(rows)
    assert rows[0].answered_accuracy > 0.6  # a trained model, not noise


def test_cutoff_command_chooses_on_training_data_and_labels_the_held_out_report(
    tmp_path: pathlib.Path,
) -> None:
    def write(path: pathlib.Path, examples: list[Example]) -> None:
        body = ['version: "3.1"', "nlu:"]
        for intent in SLICE_INTENTS:
            body += [f"- intent: {intent}", "  examples: |"]
            body += [f"    - {e.text}" for e in examples if e.intent == intent]
        path.write_text("\n".join(body) + "\n", encoding="utf-8")

    (tmp_path / "data").mkdir()
    write(tmp_path / "data" / "slice.yml", _sliced())
    write(tmp_path / "test.yml", [Example("dokumen apa saja yang perlu", "documents", "t")])
    result = CliRunner().invoke(
        app,
        ["cutoff", "--folds", "2", "--repeats", "1", "--data-dir", str(tmp_path / "data"),
         "--test-set", str(tmp_path / "test.yml")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "36 training examples" in result.output
    assert "chosen: " in result.output
    cv_part, held_out_part = result.output.split("REPORT ONLY")
    assert all(f"{c:7.2f}" in cv_part for c in DEFAULT_CUTOFFS)
    assert "not used to choose" in held_out_part
