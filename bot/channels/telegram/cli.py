"""`helpline telegram poll|set-webhook|delete-webhook` (mounted by bot/cli.py as ``telegram_app``)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Annotated

import typer

telegram_app = typer.Typer(
    help="Telegram channel: polling for development, webhook registration.", no_args_is_help=True
)


def _settings():  # type: ignore[no-untyped-def]
    from bot.channels.registry import missing_telegram
    from bot.cli import settings_or_exit

    settings = settings_or_exit()
    missing = missing_telegram(settings, webhook=False)
    if missing:
        typer.echo(f"helpline: {', '.join(missing)} is not set", err=True)
        raise typer.Exit(2)
    return settings


@telegram_app.command()
def poll() -> None:
    """Talk to the bot on Telegram without a public URL (removes any webhook first). Ctrl-C stops."""
    from bot.observability import configure_logging

    settings = _settings()
    configure_logging(settings.log_level)
    typer.echo("polling Telegram for updates; Ctrl-C stops")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_poll(settings))


async def _poll(settings) -> None:  # type: ignore[no-untyped-def]
    from bot.channels.registry import start_telegram
    from bot.channels.telegram.channel import poll as poll_updates
    from bot.services import build_services

    # It polls and sends, so Telegram and the outbox; handoff upkeep and retention are the web app's.
    services = await build_services(settings, channels=True, background_jobs=False)
    try:
        channel = services.extras.get("telegram") or await start_telegram(services)
        await poll_updates(channel)
    finally:
        await services.aclose()


@telegram_app.command("set-webhook")
def set_webhook(
    url: Annotated[str, typer.Argument(help="Public HTTPS URL ending in /webhooks/telegram.")],
) -> None:
    """Register the webhook with Telegram, with HELPLINE_TELEGRAM_WEBHOOK_SECRET as its secret token."""
    settings = _settings()
    secret = settings.telegram_webhook_secret.get_secret_value()
    if not secret:
        typer.echo("helpline: HELPLINE_TELEGRAM_WEBHOOK_SECRET is not set", err=True)
        raise typer.Exit(2)
    if not url.startswith("https://"):
        typer.echo("helpline: Telegram only calls https:// webhooks", err=True)
        raise typer.Exit(2)
    asyncio.run(_set_webhook(settings, url, secret))
    typer.echo(f"webhook set: {url}")


async def _set_webhook(settings, url: str, secret: str) -> None:  # type: ignore[no-untyped-def]
    from bot.channels.telegram.channel import ALLOWED_UPDATES, build_application

    application = build_application(
        settings.telegram_token.get_secret_value(), settings.telegram_api_base_url
    )
    async with application.bot as bot:
        await bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)


@telegram_app.command("delete-webhook")
def delete_webhook() -> None:
    """Remove the webhook (Telegram then keeps updates for `poll`)."""
    settings = _settings()

    async def run() -> None:
        from bot.channels.telegram.channel import build_application

        application = build_application(
            settings.telegram_token.get_secret_value(), settings.telegram_api_base_url
        )
        async with application.bot as bot:
            await bot.delete_webhook()

    asyncio.run(run())
    typer.echo("webhook removed")
