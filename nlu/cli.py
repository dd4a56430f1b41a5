"""`helpline nlu train|parse|evaluate|cutoff` (mounted by bot/cli.py; also `python -m nlu.cli`)."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import pathlib
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated

import typer

from nlu.artefact import default_model_dir, train_artefact
from nlu.backends import build_backend
from nlu.cutoff import (
    WRONG_ANSWER_COST,
    choose_cutoff,
    cross_validated_results,
    cutoff_table,
    table_text,
    trained_backend,
)
from nlu.evaluation import score
from nlu.training_data import DATA_DIR, TEST_SET, load_test_set, load_training_data
from nlu.types import MIN_CONFIDENCE, NluBackend, NluResult

app = typer.Typer(
    help="Natural-language understanding: train, parse, evaluate, choose the cut-off.", no_args_is_help=True
)

ModelDir = Annotated[
    pathlib.Path | None, typer.Option("--model-dir", help="Where the artefact lives (default ./var/nlu).")
]
Backend = Annotated[str, typer.Option("--backend", help="embedded or rasa.")]

# Figures that need more than the NLU: the held-back triage set through the whole engine (bot/evaluation).
# bot/cli.py registers them, so this package never imports the service that sits on top of it.
THROUGH_ENGINE: list[Callable[[pathlib.Path | None], str]] = []
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
    through_engine: Annotated[
        bool, typer.Option(help="Also urgent recall and false urgent on the triage set, through the engine.")
    ] = True,
) -> None:
    """Per-intent precision/recall/F1, macro-F1, then urgent recall and false-urgent rate on the held-out
    triage set measured through the whole engine (what a person would get), not the classifier alone."""
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
    if through_engine and backend == "embedded":
        for figures in THROUGH_ENGINE:
            typer.echo(figures(model_dir))


@app.command()
def cutoff(
    folds: Annotated[int, typer.Option(min=2, help="Cross-validation folds over the training data.")] = 5,
    data_dir: Annotated[pathlib.Path, typer.Option(help="Rasa-format NLU YAML files.")] = DATA_DIR,
    wrong_cost: Annotated[float, typer.Option(help="A wrong answer counts as this many lost right ones.")] = (
        WRONG_ANSWER_COST
    ),
    repeats: Annotated[int, typer.Option(min=1, help="Redraw the folds this many times.")] = 3,
    seed: int = 13,
    test_set: Annotated[pathlib.Path, typer.Option(help="Held-out set, for reporting only.")] = TEST_SET,
    held_out: Annotated[bool, typer.Option(help="Report the chosen cut-off on the held-out set.")] = True,
    report: Annotated[
        list[float] | None, typer.Option(help="More cut-offs to show on the held-out set, e.g. --report 0.4.")
    ] = None,
) -> None:
    """Choose the intent-confidence cut-off by cross-validation on the training data only."""
    examples = load_training_data(data_dir)
    results = cross_validated_results(examples, folds=folds, seed=seed, repeats=repeats)
    rows = cutoff_table(examples * repeats, results)
    chosen = choose_cutoff(rows, wrong_cost)
    urgent = sum(r.urgent for r in results) // repeats
    typer.echo(
        f"{folds}-fold cross-validation x {repeats} split(s) on {len(examples)} training examples "
        f"({data_dir}):\n{urgent} URGENT go to the emergency flow whatever the cut-off; the table is over "
        f"the other {len(examples) - urgent} (averaged over the splits)"
    )
    typer.echo(table_text(rows, wrong_cost))
    typer.echo(
        f"chosen: {chosen.cutoff:.2f} (most right answers - {wrong_cost:g} x wrong answers, lowest on a tie); "
        f"current MIN_CONFIDENCE: {MIN_CONFIDENCE:.2f}"
    )
    if not held_out:
        return
    # Reporting only: the choice above is already made and nothing below feeds back into it.
    tests = load_test_set(test_set)
    backend = trained_backend(examples, seed)
    reported = cutoff_table(
        tests,
        [backend.parse_sync(e.text) for e in tests],
        sorted({MIN_CONFIDENCE, chosen.cutoff, *(report or [])}),
    )
    typer.echo(
        f"\nheld-out set {test_set.name}, REPORT ONLY, not used to choose ({len(tests)} messages, "
        f"{len(tests) - reported[0].decided} URGENT, the table is over the other {reported[0].decided}):"
    )
    typer.echo(table_text(reported, wrong_cost))


@app.command()
def urgency(
    model_dir: ModelDir = None,
    dev_set: Annotated[
        pathlib.Path | None, typer.Option(help="Urgency dev set (default nlu/tests/urgency_dev.yml).")
    ] = None,
    show_errors: Annotated[bool, typer.Option(help="List missed, false-urgent and POSSIBLE messages.")] = True,
) -> None:
    """Urgent recall, false-urgent rate (all and short) and POSSIBLE rate on the urgency dev set."""
    from nlu.urgency_eval import DEV_SET, load_dev_set, urgency_figures

    nlu = build_backend("embedded", model_dir=model_dir)
    examples = load_dev_set(dev_set or DEV_SET)

    async def run() -> list[NluResult]:
        try:
            return [await nlu.parse(e.text) for e in examples]
        finally:
            await nlu.aclose()

    figures = urgency_figures([e.text for e in examples], [e.urgent for e in examples], asyncio.run(run()))
    typer.echo(figures.as_text(f"dev set {(dev_set or DEV_SET).name}"))
    if show_errors:
        for title, rows in (
            ("missed urgent", figures.missed),
            ("false urgent", figures.false_urgent),
            ("POSSIBLE on ordinary", figures.possible),
        ):
            typer.echo(f"\n{title} ({len(rows)}):")
            for row in rows:
                typer.echo(f"  {row}")


if __name__ == "__main__":
    app()
