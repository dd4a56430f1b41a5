"""`helpline scan - [--json]` (an advert on stdin) and `helpline scan evaluate` (the labelled advert set).

Mounted in bot/cli.py as a top-level command. Files (images, PDFs) come with the media issue; a text file
path already works.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
import yaml

from flows.scan import ScanResult, scan

ADVERTS_FILE = Path(__file__).resolve().parent.parent / "tests" / "flows" / "adverts.yml"
CAUGHT = frozenset({"medium", "high"})


def _fail(message: str) -> typer.Exit:
    typer.echo(f"helpline scan: {message}", err=True)
    return typer.Exit(2)


def _read(source: str) -> str:
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as err:
        raise _fail(f"cannot read {source}: {err.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("the input is not UTF-8 text") from None
    if not text.strip():
        raise _fail("the input is empty: paste the advert text on stdin") from None
    return text


def summary(result: ScanResult) -> str:
    lines = [f"Risk: {result.risk} ({len(result.flags)} warning sign(s))"]
    lines += [f"  ! {f.id}: {f.why}" for f in result.flags]
    lines += [f"  + {m.id}: {m.why}" for m in result.mitigations]
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Figures:
    scams: int
    scams_caught: int
    legit: int
    legit_high: int
    by_risk: dict[str, dict[str, int]]  # expect -> risk -> count
    missed: list[str]  # ids of scams rated none/low and legit adverts rated high

    @property
    def recall(self) -> float:
        return self.scams_caught / self.scams if self.scams else 0.0

    @property
    def passed(self) -> bool:
        return self.recall >= 0.95 and self.legit_high == 0


def evaluate(path: Path = ADVERTS_FILE) -> Figures:
    adverts = yaml.safe_load(path.read_text(encoding="utf-8"))["adverts"]
    by_risk = {e: dict.fromkeys(("none", "low", "medium", "high"), 0) for e in ("scam", "legit")}
    missed = []
    for advert in adverts:
        risk = scan(advert["text"]).risk
        by_risk[advert["expect"]][risk] += 1
        wrong = risk not in CAUGHT if advert["expect"] == "scam" else risk == "high"
        if wrong:
            missed.append(advert["id"])
    scams, legit = sum(by_risk["scam"].values()), sum(by_risk["legit"].values())
    caught = by_risk["scam"]["medium"] + by_risk["scam"]["high"]
    return Figures(scams, caught, legit, by_risk["legit"]["high"], by_risk, missed)


def table(figures: Figures) -> str:
    rows = ["| expected | none | low | medium | high | total |", "|---|---|---|---|---|---|"]
    for expect, counts in figures.by_risk.items():
        cells = " | ".join(str(counts[r]) for r in ("none", "low", "medium", "high"))
        rows.append(f"| {expect} | {cells} | {sum(counts.values())} |")
    rows.append("")
    rows.append(
        f"Scams caught (medium or high): {figures.scams_caught}/{figures.scams} = {figures.recall:.0%} "
        f"(target 95%) · legitimate adverts rated high: {figures.legit_high}/{figures.legit} (target 0)"
    )
    if figures.missed:
        rows.append(f"Wrong: {', '.join(figures.missed)}")
    return "\n".join(rows)


def scan_command(
    source: Annotated[
        str, typer.Argument(help="'-' for stdin, a text file, or 'evaluate' for the advert set.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: risk, flags, text.")] = False,
) -> None:
    """Scan a job advert for warning signs of a scam or trafficking (or `evaluate` the labelled set)."""
    if source == "evaluate":
        figures = evaluate()
        typer.echo(table(figures))
        raise typer.Exit(0 if figures.passed else 1)
    text = _read(source)
    result = scan(text)
    if as_json:
        typer.echo(json.dumps(result.as_json(text), ensure_ascii=False))
    else:
        typer.echo(summary(result))
