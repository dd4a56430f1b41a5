"""The Telegram channel: the PTB ``Application`` (no updater: we own the web server) and update handling.

Updates are handled by awaiting :meth:`TelegramChannel.handle_update` directly instead of PTB's
update queue, so the webhook answers 200 only after the engine has stored the turn and a storage
error becomes a 5xx that makes Telegram redeliver. Polling for development uses the same method.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from typing import TYPE_CHECKING, Any

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.channels.channel_replies import answer_with_please_write
from bot.channels.telegram.sender import TelegramSender
from bot.channels.telegram.updates import (
    BlockChange,
    ForEngine,
    GroupRedirect,
    Ignored,
    TelegramEvent,
    classify,
)
from bot.messages import InboundKind
from bot.outbox import mark_contact_blocked
from locales import N_, translate

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

# The updates we ask Telegram for (setWebhook / getUpdates allowed_updates).
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]

GO_PRIVATE = N_("For your safety I only talk in private chats. Please message me directly: {link}")


def build_application(token: str, base_url: str) -> Application:  # type: ignore[type-arg]
    return ApplicationBuilder().token(token).base_url(base_url).updater(None).build()


class TelegramChannel:
    def __init__(self, services: Services, application: Application, *, webhook_secret: str = "") -> None:  # type: ignore[type-arg]
        self._services = services
        self.application = application
        self._secret = webhook_secret.encode()
        self.sender = TelegramSender(application.bot)
        self._started = False

    @property
    def bot(self) -> Bot:
        return self.application.bot

    def secret_matches(self, header: str | None) -> bool:
        """Constant-time check of X-Telegram-Bot-Api-Secret-Token."""
        return bool(self._secret) and hmac.compare_digest((header or "").encode(), self._secret)

    async def start(self) -> None:
        await self.application.initialize()  # getMe: checks the token, learns the bot's username
        await self.application.start()
        self._started = True

    async def stop(self) -> None:
        if self._started:
            await self.application.stop()
            await self.application.shutdown()
            self._started = False

    def parse_update(self, data: dict[str, Any]) -> Update:
        return Update.de_json(data, self.bot)

    async def handle_update(self, update: Update) -> None:
        """Handle one update; raises on storage errors (the webhook then answers 5xx)."""
        await self.handle_event(classify(update))

    async def handle_event(self, event: TelegramEvent) -> None:
        if isinstance(event, ForEngine):
            if event.message.kind in (InboundKind.MEDIA, InboundKind.UNSUPPORTED):
                await answer_with_please_write(self._services, event.message)
            else:
                await self._services.engine.handle(event.message)
            await self._answer_callback(event.callback_query_id)
        elif isinstance(event, BlockChange):
            await mark_contact_blocked(
                self._services.sessions,
                channel="telegram",
                channel_user_id=event.chat_id,
                blocked=event.blocked,
            )
            log.info("telegram user %s the bot", "blocked" if event.blocked else "unblocked")
        elif isinstance(event, GroupRedirect):
            await self._redirect_group(event)
        elif isinstance(event, Ignored):
            await self._answer_callback(event.callback_query_id)
            log.debug("telegram update ignored: %s", event.reason)

    async def _answer_callback(self, callback_query_id: str | None) -> None:
        # Telegram shows a spinner until the button press is answered; the reply itself comes via the outbox.
        if callback_query_id is None:
            return
        try:
            await self.bot.answer_callback_query(callback_query_id)
        except TelegramError as err:  # too late or already answered: the message is stored either way
            log.warning("answerCallbackQuery failed: %s", err.message)

    async def _redirect_group(self, event: GroupRedirect) -> None:
        # Nothing from a group is stored: others' messages are not ours to keep. Best effort, no retry.
        username = self.bot.username if self._started else None
        link = f"https://t.me/{username}" if username else "Telegram"
        try:
            await self.bot.send_message(event.chat_id, translate(event.language, GO_PRIVATE, link=link))
        except TelegramError as err:
            log.warning("group redirect not sent: %s", err.message)


async def poll(channel: TelegramChannel, *, timeout: int = 30, stop: asyncio.Event | None = None) -> None:
    """Development without a public URL: getUpdates in a loop. The offset moves past an update only
    after it was handled, so a storage error means the same update is fetched again."""
    await channel.bot.delete_webhook()
    offset: int | None = None
    while stop is None or not stop.is_set():
        updates = await channel.bot.get_updates(
            offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES
        )
        for update in updates:
            try:
                await channel.handle_update(update)
            except Exception:
                log.exception("update not handled; fetching it again shortly")
                await asyncio.sleep(2)
                break
            offset = update.update_id + 1
