"""Sends neutral replies through the Bot API: inline keyboards, 4,096-character splitting, error mapping."""

from __future__ import annotations

import asyncio
import logging
import warnings
from datetime import datetime, timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram import Message as TgMessage
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.channels.text_limits import split_text
from bot.messages import Button, Channel, OutboundMessage
from bot.outbox import PermanentSendError, RecipientBlockedError, RetryableSendError, SendError

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CALLBACK_DATA_BYTES = 64
# Between the parts of one long reply we wait out a short flood limit here rather than resending parts.
MAX_WAIT_BETWEEN_PARTS = 30.0
TEMPLATE_UNSUPPORTED_ERROR = "telegram has no message templates"


def keyboard(buttons: tuple[Button, ...]) -> InlineKeyboardMarkup | None:
    """One button per row (titles stay readable on small phones). None if Telegram cannot carry the ids."""
    if not buttons or any(len(b.id.encode()) > MAX_CALLBACK_DATA_BYTES for b in buttons):
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.title, callback_data=b.id)] for b in buttons])


def retry_after_seconds(err: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the int form is deprecated; we accept both
        warnings.simplefilter("ignore")
        value = err.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramSender:
    channel = Channel.TELEGRAM

    def __init__(self, bot: Bot, *, per_chat_interval: float = 1.0) -> None:
        self._bot = bot
        self.per_chat_interval = per_chat_interval  # Bot API: about one message per second per chat

    def refusal(
        self, last_inbound_at: datetime | None, now: datetime, *, template: bool = False
    ) -> str | None:
        # Telegram has no service window, and no templates either (the console offers them on WhatsApp only).
        return TEMPLATE_UNSUPPORTED_ERROR if template else None

    async def send(
        self, channel_user_id: str, message: OutboundMessage, *, language: str = "id", first_part: int = 0
    ) -> str | None:
        markup = keyboard(message.buttons)
        text = message.text if markup is not None or not message.buttons else message.render_as_text()
        parts = split_text(text, MAX_TEXT)
        sent: TgMessage | None = None
        for index, part in enumerate(parts):
            if index < first_part:
                continue  # delivered in an earlier attempt (the split is the same every time)
            if index > first_part:
                await asyncio.sleep(self.per_chat_interval)
            last = index == len(parts) - 1
            try:
                sent = await self._send_part(
                    int(channel_user_id), part, markup if last else None, started=index > 0
                )
            except SendError as err:
                err.parts_sent = index
                raise
        return str(sent.message_id) if sent is not None else None

    async def _send_part(
        self, chat_id: int, text: str, markup: InlineKeyboardMarkup | None, *, started: bool
    ) -> TgMessage:
        for _ in range(3):
            try:
                return await self._bot.send_message(chat_id, text, reply_markup=markup)
            except RetryAfter as err:
                wait = retry_after_seconds(err)
                if not started or wait > MAX_WAIT_BETWEEN_PARTS:
                    raise RetryableSendError(f"telegram flood control: retry after {wait:g}s", wait) from err
                await asyncio.sleep(wait)  # earlier parts are out; finish this reply rather than repeat them
            except Forbidden as err:
                raise RecipientBlockedError(f"telegram: {err.message}") from err
            except (BadRequest, ChatMigrated) as err:
                raise PermanentSendError(f"telegram: {err.message}") from err
            except TelegramError as err:  # TimedOut, NetworkError (5xx), InvalidToken: temporary or fixable
                raise RetryableSendError(f"telegram: {type(err).__name__}: {err.message}") from err
        raise RetryableSendError("telegram flood control persisted between parts")
