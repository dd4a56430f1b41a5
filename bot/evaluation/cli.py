"""`helpline eval triage | conversations`: the held-back safety sets through the whole engine."""

from __future__ import annotations

import asyncio
import pathlib
from typing import Annotated

import typer

from bot.evaluation.conversations import SCENARIOS, load_scenarios, run_scenarios, scenarios_text
from bot.evaluation.harness import private_helpline
from bot.evaluation.triage import (
    BLIND_SET,
    TRIAGE_SET,
    errors_text,
    evaluate_triage,
    load_triage_set,
    triage_table,
)
from nlu.artefact import default_model_dir

app = typer.Typer(help="Evaluate triage through the whole engine (never trained on).", no_args_is_help=True)

ModelDir = Annotated[
    pathlib.Path | None,
    typer.Option("--model-dir", help="A built NLU model to reuse (default: the usual one, built if missing)."),
]


def _model_dir(model_dir: pathlib.Path | None) -> pathlib.Path:
    return model_dir or default_model_dir()


def triage_report(model_dir: pathlib.Path | None, path: pathlib.Path, *, errors: bool) -> str:
    async def run() -> str:
        examples = load_triage_set(path)
        async with private_helpline(_model_dir(model_dir)) as helpline:
            scores = await evaluate_triage(helpline, examples)
        text = f"triage set {path.name}: {len(examples)} messages, through the engine\n{triage_table(scores)}"
        return f"{text}\n{errors_text(scores)}" if errors else text

    return asyncio.run(run())


def engine_triage_figures(model_dir: pathlib.Path | None) -> str:
    """The tables `helpline nlu evaluate` appends (errors are listed by `helpline eval triage`)."""
    return "\n\n".join(triage_report(model_dir, path, errors=False) for path in (TRIAGE_SET, BLIND_SET))


@app.command()
def triage(
    model_dir: ModelDir = None,
    triage_set: Annotated[pathlib.Path, typer.Option(help="Labelled messages (YAML).")] = TRIAGE_SET,
    show_errors: Annotated[bool, typer.Option(help="List missed and false urgent messages.")] = True,
) -> None:
    """Urgent recall and false-urgent rate of every message, as a first message and after consent."""
    typer.echo(triage_report(model_dir, triage_set, errors=show_errors))


@app.command()
def conversations(
    model_dir: ModelDir = None,
    scenarios: Annotated[pathlib.Path, typer.Option(help="Multi-turn scenarios (YAML).")] = SCENARIOS,
    show_failures: Annotated[bool, typer.Option(help="List the turns that went wrong.")] = True,
) -> None:
    """Run every multi-turn safety scenario; exit 1 when a checked turn went wrong."""

    async def run() -> tuple[str, bool]:
        loaded = load_scenarios(scenarios)
        async with private_helpline(_model_dir(model_dir)) as helpline:
            results = await run_scenarios(helpline, loaded)
        return scenarios_text(results, show_failures=show_failures), all(r.passed for r in results)

    text, ok = asyncio.run(run())
    typer.echo(text)
    raise typer.Exit(0 if ok else 1)
