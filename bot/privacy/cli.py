"""`helpline purge` and `helpline keys generate|rotate` (mounted in bot/cli.py)."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import Annotated

import typer

keys_app = typer.Typer(help="Encryption keys for message text at rest.", no_args_is_help=True)


def purge(
    days: Annotated[
        int | None, typer.Option(help="Retention in days (default: HELPLINE_RETENTION_DAYS).", min=1)
    ] = None,
) -> None:
    """Delete transcripts and contact data idle past the retention period; finish pending /hapus erasures."""
    from bot.cli import settings_or_exit
    from bot.privacy.retention import run_purge
    from bot.storage.db import create_engine, session_factory
    from bot.storage.migrate import upgrade

    settings = settings_or_exit()
    upgrade(settings.effective_database_url)

    async def run() -> dict[str, int]:
        engine = create_engine(settings.effective_database_url)
        try:
            report = await run_purge(session_factory(engine), retention_days=days or settings.retention_days)
        finally:
            await engine.dispose()
        return asdict(report)

    for name, count in asyncio.run(run()).items():
        typer.echo(f"{name.replace('_', ' ')}: {count}")


@keys_app.command("generate")
def generate() -> None:
    """Print a new key. Put it FIRST in HELPLINE_ENCRYPTION_KEYS, keep the old ones after it, then rotate."""
    from bot.privacy.keys import generate_key

    typer.echo(generate_key())


@keys_app.command("rotate")
def rotate() -> None:
    """Re-encrypt every message, staff note, ticket triage and stored location with the newest key in
    HELPLINE_ENCRYPTION_KEYS."""
    from bot.cli import settings_or_exit
    from bot.privacy.keys import rotate_all, rotation_cipher
    from bot.storage.db import create_engine, session_factory

    settings = settings_or_exit()
    if not settings.encryption_keys.get_secret_value().strip():
        typer.echo("helpline: set HELPLINE_ENCRYPTION_KEYS first (see `helpline keys generate`)", err=True)
        raise typer.Exit(2)
    cipher = rotation_cipher(settings.encryption_keys.get_secret_value(), settings.effective_secret_key)

    async def run():  # type: ignore[no-untyped-def]
        engine = create_engine(settings.effective_database_url)
        try:
            return await rotate_all(session_factory(engine), cipher)
        finally:
            await engine.dispose()

    report = asyncio.run(run())
    typer.echo(
        f"re-encrypted {report.messages} messages and {report.notes} notes, {report.triage} ticket triages and "
        f"{report.locations} locations with the newest key"
    )
    if report.unreadable:
        typer.echo(
            f"{report.unreadable} rows could not be read with any configured key; they were left as they are"
        )
        raise typer.Exit(1)
