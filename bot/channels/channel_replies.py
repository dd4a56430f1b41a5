"""Replies the channel layer gives itself, for messages the flows cannot use (photos, voice, stickers).

The flows understand text and buttons only, so for media we answer with a short "please write to
me" in the user's language. It keeps the engine's guarantees: the platform id is deduplicated in the
same transaction that stores the message and queues the reply in the outbox, and while staff hold the
conversation the bot stays silent (invariant 4) - the message is only stored for the console.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine import EngineResult
from bot.messages import InboundMessage, OutboundMessage
from bot.storage.db import transaction
from bot.storage.models import (
    Contact,
    Conversation,
    ConversationMode,
    DeliveryStatus,
    Direction,
    Message,
    ProcessedDelivery,
    Sender,
)
from bot.storage.types import utcnow
from locales import N_, translate

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

PLEASE_WRITE = N_(
    "Sorry, I can only read text messages. Please write your question to me in words "
    "(in Indonesian or English)."
)


async def answer_with_please_write(services: Services, msg: InboundMessage) -> EngineResult:
    """Store ``msg`` and queue the polite reply; a redelivery of the same id does nothing."""
    async with transaction(services.sessions) as session:
        contact = await _contact(session, msg)
        try:
            async with session.begin_nested():
                session.add(ProcessedDelivery(channel=str(msg.channel), message_id=msg.message_id))
        except IntegrityError:
            return EngineResult(duplicate=True)
        conversation = await _open_conversation(session, contact, msg)
        conversation.last_inbound_at = msg.received_at
        inbound = _row(services, conversation, Direction.IN, Sender.USER, f"[{msg.kind}]")
        session.add(inbound)
        result = EngineResult(conversation_id=conversation.id)
        if conversation.mode is ConversationMode.BOT:
            reply = translate(conversation.language, PLEASE_WRITE)
            outbound = _row(services, conversation, Direction.OUT, Sender.BOT, reply)
            outbound.delivery_status = DeliveryStatus.PENDING
            session.add(outbound)
            result.replies = [OutboundMessage(reply)]
        await session.flush()
        result.last_message_id = inbound.id
    for callback in services.engine.after_commit:  # outbox kick, console notifications
        try:
            await callback(result)
        except Exception:  # as in the engine: a listener failing must not undo the stored turn
            log.exception("after-commit listener failed", extra={"conversation": result.conversation_id})
    return result


def _row(
    services: Services, conversation: Conversation, direction: Direction, sender: Sender, text: str
) -> Message:
    return Message(
        conversation_id=conversation.id,
        direction=direction,
        sender=sender,
        text_encrypted=services.cipher.encrypt(text),
        buttons=[],
        delivery_status=DeliveryStatus.NONE,
        created_at=utcnow(),
    )


async def _contact(session: AsyncSession, msg: InboundMessage) -> Contact:
    query = select(Contact).where(
        Contact.channel == str(msg.channel), Contact.channel_user_id == msg.channel_user_id
    )
    contact = await session.scalar(query.with_for_update())
    if contact is not None:
        return contact
    try:
        async with session.begin_nested():
            contact = Contact(channel=str(msg.channel), channel_user_id=msg.channel_user_id)
            session.add(contact)
        return contact
    except IntegrityError:  # another worker created it a moment ago
        contact = await session.scalar(query.with_for_update())
        assert contact is not None
        return contact


async def _open_conversation(session: AsyncSession, contact: Contact, msg: InboundMessage) -> Conversation:
    conversation = await session.scalar(
        select(Conversation)
        .where(Conversation.contact_id == contact.id, Conversation.closed_at.is_(None))
        .order_by(Conversation.id.desc())
        .limit(1)
    )
    if conversation is None:
        lang = msg.lang_hint if msg.lang_hint in ("id", "en") else "id"  # the engine's rule
        conversation = Conversation(contact_id=contact.id, language=lang, mode=ConversationMode.BOT)
        session.add(conversation)
        await session.flush()
    return conversation
