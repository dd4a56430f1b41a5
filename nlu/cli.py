"""`helpline nlu train|parse|evaluate` (mounted by bot/cli.py; also `python -m nlu.cli`)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import pathlib
import sys
from collections.abc import Iterable, Iterator
from typing import Annotated

import typer

from nlu.artefact import default_model_dir, train_artefact
from nlu.backends import build_backend
from nlu.evaluation import score
from nlu.training_data import DATA_DIR, TEST_SET, load_test_set
from nlu.types import NluBackend, NluResult

app = typer.Typer(help="Natural-language understanding: train, parse, evaluate.", no_args_is_help=True)

ModelDir = Annotated[
    pathlib.Path | None, typer.Option("--model-dir", help="Where the artefact lives (default ./var/nlu).")
]
Backend = Annotated[str, typer.Option("--backend", help="embedded or rasa.")]
RasaUrl = Annotated[
    str | None, typer.Option("--rasa-url", envvar="HELPLINE_RASA_URL", help="Rasa server URL.")
]


@app.command()
def train(
    model_dir: ModelDir = None,
    data_dir: Annotated[pathlib.Path, typer.Option(help="Rasa-format NLU YAML files.")] = DATA_DIR,
) -> None:
    """Train the embedded classifier on nlu/data and save a versioned artefact."""
    target = model_dir or default_model_dir()
    manifest = train_artefact(target, data_dir)
    typer.echo(json.dumps({"model_dir": str(target), **dataclasses.asdict(manifest)}))


def parse_lines(lines: Iterable[str], backend: NluBackend) -> Iterator[dict[str, object]]:
    """One output object per non-blank input line; bad lines give an error object, never an exception."""
    loop = asyncio.new_event_loop()
    try:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                payload = json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"line": number, "error": f"not JSON: {exc.msg}"}
                continue
            text = payload.get("text") if isinstance(payload, dict) else None
            if not isinstance(text, str):
                yield {"line": number, "error": 'expected an object with a string "text"'}
                continue
            result: NluResult = loop.run_until_complete(backend.parse(text))
            yield result.as_json()
    finally:
        loop.run_until_complete(backend.aclose())
        loop.close()


@app.command()
def parse(model_dir: ModelDir = None, backend: Backend = "embedded", rasa_url: RasaUrl = None) -> None:
    """Read JSON lines {"text": ...} on stdin, write one JSON line per input."""
    nlu = build_backend(backend, rasa_url=rasa_url, model_dir=model_dir)
    for answer in parse_lines(sys.stdin, nlu):
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()


@app.command()
def evaluate(
    model_dir: ModelDir = None,
    backend: Backend = "embedded",
    rasa_url: RasaUrl = None,
    test_set: Annotated[pathlib.Path, typer.Option(help="Held-out Rasa-format test set.")] = TEST_SET,
    show_errors: Annotated[bool, typer.Option(help="List missed and false urgent messages.")] = True,
) -> None:
    """Per-intent precision/recall/F1, macro-F1, urgent recall and false-urgent rate on the held-out set."""
    nlu = build_backend(backend, rasa_url=rasa_url, model_dir=model_dir)
    examples = load_test_set(test_set)

    async def run() -> list[NluResult]:
        try:
            return [await nlu.parse(e.text) for e in examples]
        finally:
            await nlu.aclose()

    report = score(examples, asyncio.run(run()))
    if not show_errors:
        report.missed_urgent, report.false_urgent = [], []
    typer.echo(f"backend: {backend}\n{report.as_text()}")


if __name__ == "__main__":
    app()
