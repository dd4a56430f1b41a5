"""The `helpline` command. Sub-commands of other packages are mounted here, one line each."""

from __future__ import annotations

import asyncio
import sys
from typing import Annotated

import typer

from bot.channels.telegram.cli import telegram_app
from bot.evaluation.cli import app as eval_app
from bot.evaluation.cli import engine_triage_figures
from bot.privacy.cli import keys_app, purge
from bot.settings import Settings, SettingsError, load_settings
from flows.cli import agencies_app, content_app, flows_app, locales_app
from flows.scan_cli import scan_command
from handoff.cli import handoff_app, staff_app
from insights.cli import insights_app
from nlu.cli import THROUGH_ENGINE
from nlu.cli import app as nlu_app

app = typer.Typer(help="Safe-migration helpline.", no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(staff_app, name="staff")
app.add_typer(handoff_app, name="handoff")
app.add_typer(nlu_app, name="nlu")
app.add_typer(flows_app, name="flows")
app.add_typer(content_app, name="content")
app.add_typer(agencies_app, name="agencies")
app.add_typer(locales_app, name="locales")
app.add_typer(telegram_app, name="telegram")
app.add_typer(insights_app, name="insights")
app.add_typer(keys_app, name="keys")
app.add_typer(eval_app, name="eval")
THROUGH_ENGINE.append(engine_triage_figures)  # `helpline nlu evaluate` measures through the engine too
app.command("purge")(purge)
app.command("scan")(scan_command)


def settings_or_exit() -> Settings:
    """Load settings; a malformed value prints one line naming the variable, no traceback."""
    try:
        return load_settings()
    except SettingsError as err:
        typer.echo(f"helpline: configuration error: {err}", err=True)
        raise typer.Exit(2) from None


@app.command()
def run(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes (PostgreSQL only).")] = 1,
) -> None:
    """Run the helpline (web chat, webhooks, console, insights). Migrates the embedded SQLite itself."""
    import uvicorn

    from bot.edge import server_options
    from bot.observability import configure_logging
    from bot.services import is_sqlite

    settings = settings_or_exit()
    configure_logging(settings.log_level)
    if workers > 1 and is_sqlite(settings.effective_database_url):
        typer.echo("helpline: --workers > 1 needs PostgreSQL (HELPLINE_DATABASE_URL)", err=True)
        raise typer.Exit(2)
    if workers > 1 and not settings.redis_url:
        # The in-process ticket queue and live-console events do not cross processes.
        typer.echo("helpline: --workers > 1 needs Redis (HELPLINE_REDIS_URL) for the ticket queue", err=True)
        raise typer.Exit(2)
    base = f"http://{host}:{port}"
    typer.echo(
        f"Helpline starting on {base}\n"
        f"  web chat:  {base}/chat\n  console:   {base}/console\n  insights:  {base}/insights\n"
        f"  health:    {base}/healthz\n  metrics:   {base}/metrics (HELPLINE_OPS_PUBLIC or staff login)"
    )
    uvicorn.run("bot.asgi:app", **server_options(settings, host=host, port=port, workers=workers))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the newest schema."""
    from bot.storage.migrate import upgrade

    settings = settings_or_exit()
    upgrade(settings.effective_database_url)
    typer.echo("database is at the newest schema")


@app.command()
def chat(
    user: Annotated[
        str, typer.Option(help="Terminal user id (keeps the conversation between runs).")
    ] = "terminal",
) -> None:
    """Talk to the bot in the terminal, to try content. Numbers pick buttons; Ctrl-D quits."""
    from bot.terminal_chat import run_terminal_chat

    settings = settings_or_exit()
    asyncio.run(run_terminal_chat(settings, user, sys.stdin, sys.stdout))


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # `python -m bot.cli`, same as the `helpline` script
    app()
