"""Replies the channel layer gives itself, for messages the flows cannot use (photos, voice, stickers).

The flows understand text and buttons only, so for media we answer with a short "please write to
me" in the user's language. It keeps the engine's guarantees: the platform id is deduplicated in the
same transaction that stores the message and queues the reply in the outbox, and while staff hold the
conversation the bot stays silent (invariant 4) - the message is only stored for the console.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.engine import EngineResult
from bot.messages import InboundMessage
from locales import N_, translate

if TYPE_CHECKING:
    from bot.services import Services

PLEASE_WRITE = N_(
    "Sorry, I can only read text messages. Please write your question to me in words "
    "(in Indonesian or English)."
)


async def answer_with_please_write(services: Services, msg: InboundMessage) -> EngineResult:
    """Store ``msg`` and queue the polite reply; a redelivery of the same id does nothing."""
    return await services.engine.handle_unreadable(msg, lambda language: translate(language, PLEASE_WRITE))
