"""`/hapus`: erase a user's conversation data after they confirm."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Conversation, Message


async def erase_contact_data(session: AsyncSession, contact_id: int) -> None:
    """Delete the transcript of every conversation of this contact (first version: no ticket check)."""
    ids = select(Conversation.id).where(Conversation.contact_id == contact_id)
    await session.execute(delete(Message).where(Message.conversation_id.in_(ids)))
