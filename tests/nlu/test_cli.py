"""`helpline nlu parse|evaluate|train` through the Typer app, as the lead mounts it."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable

from typer.testing import CliRunner

from nlu.cli import app, parse_lines
from nlu.embedded import EmbeddedBackend

runner = CliRunner()


def test_parse_writes_one_json_line_per_input_and_errors_for_bad_lines(model_dir: pathlib.Path) -> None:
    stdin = "\n".join(
        [
            json.dumps({"text": "sy mw krj k taiwan, dokumennya apa aj"}),
            "this is not json",
            json.dumps({"text": 12}),
            "",
            json.dumps(["text"]),
            json.dumps({"text": "tolong"}),
        ]
    )
    result = runner.invoke(app, ["parse", "--model-dir", str(model_dir)], input=stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 5  # the blank line is skipped
    # DESIGN's fields, then why: urgency none|possible|urgent, the reasons, and the risk that orders the queue
    assert set(lines[0]) == {"text", "intent", "confidence", "urgent", "lang", "urgency", "reasons", "risk"}
    assert lines[0]["intent"] == "documents" and lines[0]["urgent"] is False
    assert lines[0]["urgency"] == "none" and lines[0]["reasons"] == [] and lines[0]["risk"] == 0
    assert lines[1] == {"line": 2, "error": lines[1]["error"]} and "not JSON" in lines[1]["error"]
    assert lines[2]["line"] == 3 and "error" in lines[2]
    assert lines[3]["line"] == 5 and "error" in lines[3]
    assert lines[4]["intent"] == "emergency" and lines[4]["urgent"] is True
    assert lines[4]["urgency"] == "urgent" and lines[4]["reasons"] and lines[4]["risk"] > 0


def test_parse_lines_accepts_any_iterable(embedded: EmbeddedBackend) -> None:
    answers = list(parse_lines(['{"text": "my sister is locked in"}'], embedded))
    assert answers[0]["urgent"] is True and answers[0]["lang"] == "en"


def test_evaluate_prints_the_metrics(model_dir: pathlib.Path) -> None:
    result = runner.invoke(app, ["evaluate", "--model-dir", str(model_dir), "--no-show-errors"])
    assert result.exit_code == 0, result.output
    for label in ("macro-F1", "urgent recall", "false-urgent rate", "POSSIBLE returned", "most confused"):
        assert label in result.output
    macro_line = next(line for line in result.output.splitlines() if line.startswith("macro-F1"))
    macro_f1 = float(macro_line.split()[1])
    assert macro_f1 > 0.8


def test_train_writes_a_manifest(tmp_path: pathlib.Path, tiny_data: Callable[..., pathlib.Path]) -> None:
    data = tiny_data(tmp_path / "data")
    result = runner.invoke(app, ["train", "--model-dir", str(tmp_path / "model"), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    manifest = json.loads(result.output)
    assert (tmp_path / "model" / manifest["model_file"]).exists()
    assert manifest["examples"] == 21
