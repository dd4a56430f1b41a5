"""`helpline insights export|demo` (mounted in bot/cli.py)."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer

insights_app = typer.Typer(help="Anonymised theme statistics: exports and demo data.", no_args_is_help=True)


@insights_app.command("export")
def export_command(
    start: Annotated[
        str | None,
        typer.Option("--from", help="First whole period: an ISO week (2026-W40) or a month (2026-09)."),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last whole period, the same kind (default: --from).")
    ] = None,
    unit: Annotated[
        str, typer.Option(help="Without --from: the latest 13 published weeks (week) or 12 months (month).")
    ] = "week",
    fmt: Annotated[str, typer.Option("--format", help="csv or json.")] = "csv",
    channel: Annotated[str | None, typer.Option(help="Only this channel.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language.")] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export the published figures of whole weeks or months, exactly as /insights/export does."""
    from bot.cli import settings_or_exit
    from bot.storage.db import create_engine, session_factory
    from insights import export
    from insights.dashboard import BadFilter, jakarta_today, parse_filter
    from insights.report import build_report

    if fmt not in export.FORMATS:
        raise typer.BadParameter(f"--format must be one of: {', '.join(export.FORMATS)}")
    if unit not in ("week", "month"):
        raise typer.BadParameter("--unit must be week or month")
    try:
        f = parse_filter(start, end, channel, language, today=jakarta_today(), unit=unit)
    except BadFilter as err:
        raise typer.BadParameter(str(err)) from None
    settings = settings_or_exit()

    async def run() -> str:
        engine = create_engine(settings.effective_database_url)
        try:
            async with session_factory(engine)() as session:
                report = await build_report(session, f, settings.suppression_k)
        finally:
            await engine.dispose()
        return export.render(report, fmt)[0]

    body = asyncio.run(run())
    if output is None:
        sys.stdout.write(body)
    else:
        output.write_text(body, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


@insights_app.command("demo")
def demo_command(
    days: Annotated[
        int, typer.Option(help="How many days of events, ending today.", min=7, max=3 * 366)
    ] = 365,
    seed: Annotated[int, typer.Option(help="Random seed (the same seed gives the same data).")] = 7,
    per_day: Annotated[float, typer.Option(help="Average answers per day.", min=20)] = 80,
    tickets: Annotated[
        bool, typer.Option(help="Also add closed synthetic tickets with handoff times.")
    ] = True,
    force: Annotated[
        bool, typer.Option(help="Allow it in production (mixes fake figures with real ones).")
    ] = False,
) -> None:
    """Seed a realistic year of synthetic theme events, for demonstrations and tests only."""
    from bot.cli import settings_or_exit
    from bot.storage.db import create_engine, session_factory, transaction
    from bot.storage.migrate import upgrade
    from insights.dashboard import jakarta_today
    from insights.demo import seed_demo

    settings = settings_or_exit()
    if settings.environment == "production" and not force:
        typer.echo("helpline: refusing to add fake figures to a production database (use --force)", err=True)
        raise typer.Exit(2)
    upgrade(settings.effective_database_url)

    async def run():  # type: ignore[no-untyped-def]
        engine = create_engine(settings.effective_database_url)
        try:
            async with transaction(session_factory(engine)) as session:
                return await seed_demo(
                    session, end=jakarta_today(), days=days, seed=seed, per_day=per_day, tickets=tickets
                )
        finally:
            await engine.dispose()

    summary = asyncio.run(run())
    typer.echo(
        f"added {summary.events} theme events and {summary.tickets} tickets, {summary.start} to {summary.end}"
    )
