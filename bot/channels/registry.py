"""Starts and stops the push channels (Telegram, WhatsApp) and the outbox that delivers their replies.

A channel is started only when its token and secrets are all set; otherwise one log line says which
variable is missing. (In production, ``bot/settings.py`` refuses to start instead: fail closed.)
Adding a channel means one more ``_start_*`` here and one router in ``bot/app.py``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from bot.outbox import Outbox
from bot.storage.liveness import Liveness, liveness_for

if TYPE_CHECKING:
    from bot.services import Services
    from bot.settings import Settings

log = logging.getLogger(__name__)

START_RETRY_SECONDS = 30.0


def missing_telegram(settings: Settings, *, webhook: bool = True) -> list[str]:
    missing = [] if settings.telegram_token.get_secret_value() else ["HELPLINE_TELEGRAM_TOKEN"]
    if webhook and not settings.telegram_webhook_secret.get_secret_value():
        missing.append("HELPLINE_TELEGRAM_WEBHOOK_SECRET")
    return missing


def missing_whatsapp(settings: Settings) -> list[str]:
    required = {
        "HELPLINE_WHATSAPP_TOKEN": settings.whatsapp_token.get_secret_value(),
        "HELPLINE_WHATSAPP_APP_SECRET": settings.whatsapp_app_secret.get_secret_value(),
        "HELPLINE_WHATSAPP_VERIFY_TOKEN": settings.whatsapp_verify_token.get_secret_value(),
        "HELPLINE_WHATSAPP_PHONE_NUMBER_ID": settings.whatsapp_phone_number_id,
    }
    return [name for name, value in required.items() if not value]


async def start_channels(services: Services) -> None:
    """Build the outbox (always: the console kicks it) and every fully configured channel."""
    outbox = Outbox(services.sessions, services.cipher, {}, liveness=await _start_liveness(services))
    services.extras["outbox"] = outbox
    services.engine.after_commit.append(outbox.on_commit)
    settings = services.settings
    missing = missing_telegram(settings)
    if missing:
        log.info("telegram channel not started: %s not set", ", ".join(missing))
    else:
        await start_telegram(services, webhook_secret=settings.telegram_webhook_secret.get_secret_value())
    missing = missing_whatsapp(settings)
    if missing:
        log.info("whatsapp channel not started: %s not set", ", ".join(missing))
    else:
        from bot.channels.whatsapp.channel import WhatsAppChannel

        whatsapp = WhatsAppChannel(services, settings)
        services.extras["whatsapp"] = whatsapp
        outbox.add_sender(whatsapp.sender)
    await outbox.start()


async def _start_liveness(services: Services) -> Liveness | None:
    """This process's liveness lock, so others can tell at once when it is gone; without it the
    outbox still works, a dead process's claims just wait for their lease."""
    try:
        liveness = liveness_for(services.db)
        await liveness.start()
    except Exception:
        log.warning("no liveness lock; a dead worker's replies wait for their lease", exc_info=True)
        return None
    services.extras["liveness"] = liveness
    return liveness


async def start_telegram(services: Services, *, webhook_secret: str = ""):  # type: ignore[no-untyped-def]
    """Build the Telegram channel and its sender; used by the app and by `helpline telegram poll`."""
    from bot.channels.telegram.channel import TelegramChannel, build_application

    settings = services.settings
    application = build_application(
        settings.telegram_token.get_secret_value(), settings.telegram_api_base_url
    )
    channel = TelegramChannel(services, application, webhook_secret=webhook_secret)
    services.extras["telegram"] = channel
    outbox: Outbox = services.extras["outbox"]  # type: ignore[assignment]
    outbox.add_sender(channel.sender)
    try:
        await channel.start()
    except Exception as err:  # Bot API unreachable at boot: the rest of the helpline still starts
        log.error("telegram channel not ready (%s); retrying every %ss", err, START_RETRY_SECONDS)
        services.extras["telegram_starter"] = asyncio.create_task(_keep_starting(channel))
    return channel


async def _keep_starting(channel) -> None:  # type: ignore[no-untyped-def]
    while True:
        await asyncio.sleep(START_RETRY_SECONDS)
        try:
            await channel.start()
            log.info("telegram channel ready")
            return
        except Exception as err:
            log.warning("telegram channel still not ready: %s", err)


async def stop_channels(services: Services) -> None:
    starter = services.extras.pop("telegram_starter", None)
    if isinstance(starter, asyncio.Task):
        starter.cancel()
        await asyncio.gather(starter, return_exceptions=True)
    outbox = services.extras.get("outbox")
    if isinstance(outbox, Outbox):
        await outbox.stop()
    liveness: Liveness | None = services.extras.pop("liveness", None)  # type: ignore[assignment]
    if liveness is not None:
        await liveness.stop()  # after the outbox: its last claims are finished or released by now
    for name in ("telegram", "whatsapp"):
        channel = services.extras.get(name)
        if channel is not None:
            await channel.stop()  # type: ignore[attr-defined]
