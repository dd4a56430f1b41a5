"""Command-line apps mounted by bot/cli.py as `helpline flows|content|agencies|locales`.

Also runnable on their own: ``python -m flows.cli flows check``.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

flows_app = typer.Typer(help="Conversation flows: check and diagrams.", no_args_is_help=True)
content_app = typer.Typer(help="Content review for programme staff.", no_args_is_help=True)
agencies_app = typer.Typer(help="The placement-agency registry.", no_args_is_help=True)
locales_app = typer.Typer(help="Translation catalogs (gettext).", no_args_is_help=True)


@content_app.callback()
def _content() -> None:
    """Content review for programme staff."""  # a callback keeps `review` a sub-command


def _load():  # type: ignore[no-untyped-def]
    from flows import DEFAULT_RETENTION_DAYS
    from flows.model import load_contacts, load_flows
    from flows.render import Renderer

    contacts = load_contacts()
    return load_flows(), contacts, Renderer(contacts, {"retention_days": DEFAULT_RETENTION_DAYS})


@flows_app.command("check")
def check() -> None:
    """Broken links, unknown actions, missing translations, platform limits, stale diagrams."""
    from flows.check import all_problems

    flows, contacts, renderer = _load()
    problems = all_problems(flows, contacts, renderer)
    for problem in problems:
        typer.echo(problem)
    steps = sum(len(f.steps) for f in flows.values())
    typer.echo(f"{len(flows)} flows, {steps} steps: {len(problems) or 'no'} problem(s)")
    if problems:
        raise typer.Exit(1)


@flows_app.command("diagrams")
def diagrams() -> None:
    """Rewrite the Mermaid diagram (.mmd) beside every flow file."""
    from flows.diagram import write_diagrams

    flows, _, _ = _load()
    for path in write_diagrams(flows):
        typer.echo(f"wrote {path}")


@content_app.command("review")
def review(
    output: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    stale_days: Annotated[int, typer.Option(help="Flag answers reviewed longer ago than this.")] = 180,
) -> None:
    """Everything staff must verify before launch: M/L facts, every phone number, stale answers."""
    from flows.countries import default_countries
    from flows.review import review_items

    flows, contacts, _ = _load()
    items = review_items(
        flows, contacts, today=datetime.now(UTC).date(), stale_days=stale_days, countries=default_countries()
    )
    if output == "json":
        typer.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    for item in items:
        typer.echo(f"[{', '.join(item['why'])}] {item['where']}  (reviewed {item['reviewed'] or '-'})")
        typer.echo(f"    {item['summary']}")
        for source in item["sources"]:
            typer.echo(f"    source: {source}")
    typer.echo(f"{len(items)} item(s) to verify")


def _database_url() -> str:
    """The configured database, migrated first when it is the embedded SQLite (as `helpline run` does)."""
    from bot.services import is_sqlite
    from bot.settings import load_settings
    from bot.storage.migrate import upgrade

    url = load_settings().effective_database_url
    if is_sqlite(url):
        upgrade(url)  # outside any event loop: Alembic's env.py runs its own
    return url


def _session_factory(url: str):  # type: ignore[no-untyped-def]
    from bot.storage.db import create_engine, session_factory

    engine = create_engine(url)
    return engine, session_factory(engine)


@agencies_app.command("import")
def import_csv(
    file: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, help="CSV saved from the SISKOP2MI list.")
    ],
    keep_demo: Annotated[
        bool, typer.Option(help="Keep the demonstration entries (never used in answers).")
    ] = False,
) -> None:
    """Load the official list of placement companies (SISKOP2MI, siskop2mi.bp2mi.go.id).

    \b
    Columns (a header row; comma or semicolon separated; UTF-8):
      name            required: company name (or nama, nama_p3mi, perusahaan)
      status          required: licensed, suspended or revoked
                      (or aktif, berizin, berlaku, dibekukan, skorsing, dicabut)
      licence_number  SIP3MI licence number (or no_sip3mi, nomor_izin, no_izin)
      province        province of the head office (or provinsi)
      city            city or district (or kota, kabupaten_kota)
      source          where the row comes from (default: Imported from FILE)

    Bad rows are reported by line number; the good rows load in one transaction.

    \b
    Exit code: 0 all loaded; 1 some rows rejected;
    2 file refused (a required column missing, not UTF-8): nothing loaded.
    """
    from flows.actions.agency_import import CsvHeaderError, import_agencies

    url = _database_url()

    async def run() -> int:
        engine, sessions = _session_factory(url)
        try:
            report = await import_agencies(sessions, file, keep_demo=keep_demo)
        except CsvHeaderError as err:
            typer.echo(f"{file}: {err}. Nothing was loaded; see `helpline agencies import --help`", err=True)
            return 2
        finally:
            await engine.dispose()
        for line, problem in report.errors:
            typer.echo(f"{file}:{line}: {problem}", err=True)
        typer.echo(
            f"loaded {report.loaded} ({report.added} new, {report.updated} updated), "
            f"rejected {len(report.errors)}, demonstration entries removed {report.demo_removed}"
        )
        return 1 if report.errors else 0

    code = asyncio.run(run())
    if code:
        raise typer.Exit(code)


@agencies_app.command("list")
def list_agencies(limit: Annotated[int, typer.Option(help="Rows to show.")] = 50) -> None:
    """Show the registry (demonstration entries are marked)."""
    from sqlalchemy import select

    from bot.storage.models import Agency

    url = _database_url()

    async def run() -> None:
        engine, sessions = _session_factory(url)
        try:
            async with sessions() as session:
                rows = (await session.scalars(select(Agency).order_by(Agency.name).limit(limit))).all()
        finally:
            await engine.dispose()
        for a in rows:
            demo = "  [DEMO]" if a.is_demo else ""
            typer.echo(f"{a.name}\t{a.status}\t{a.licence_number or '-'}\t{a.province or '-'}{demo}")

    asyncio.run(run())


@locales_app.command("extract")
def extract() -> None:
    """Collect msgids from the code and the flows into locales/messages.pot and update both catalogs."""
    from locales.catalogs import extract as extract_template
    from locales.catalogs import update

    template = extract_template()
    for lang, count in update(template).items():
        typer.echo(f"{lang}: {count} message(s) need a translation")


@locales_app.command("compile")
def compile_() -> None:
    """Write the .mo files the service loads (run by the install)."""
    from locales.catalogs import compile_catalogs

    for lang, count in compile_catalogs().items():
        typer.echo(f"{lang}: {count} translated message(s) compiled")


@locales_app.command("check")
def check_catalogs() -> None:
    """Fail when any message lacks a usable (non-fuzzy) Indonesian or English translation."""
    from locales.catalogs import gaps

    found = gaps()
    for gap in found:
        typer.echo(f"{gap.lang}: {gap.problem}: {gap.msgid[:70]!r}")
    if found:
        raise typer.Exit(1)
    typer.echo("all messages translated")


if __name__ == "__main__":
    main = typer.Typer(no_args_is_help=True)
    main.add_typer(flows_app, name="flows")
    main.add_typer(content_app, name="content")
    main.add_typer(agencies_app, name="agencies")
    main.add_typer(locales_app, name="locales")
    main()
