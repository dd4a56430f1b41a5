"""Delivery receipts (status webhooks) recorded on the outbound Message row they belong to.

Receipts may arrive out of order (Meta does not promise order), so a status never moves backwards:
read beats delivered beats sent. A failure after "sent" is still recorded, with Meta's reason.
"""

from __future__ import annotations

import logging

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.whatsapp.inbound import Receipt
from bot.storage.db import transaction
from bot.storage.models import DeliveryStatus, Direction, Message

log = logging.getLogger(__name__)

_STATUS = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED,
}
# Which stored statuses a receipt may replace.
_MAY_REPLACE = {
    DeliveryStatus.SENT: (DeliveryStatus.SENDING,),
    DeliveryStatus.DELIVERED: (DeliveryStatus.SENDING, DeliveryStatus.SENT),
    DeliveryStatus.READ: (DeliveryStatus.SENDING, DeliveryStatus.SENT, DeliveryStatus.DELIVERED),
    DeliveryStatus.FAILED: (DeliveryStatus.SENDING, DeliveryStatus.SENT),
}


async def record_receipts(sessions: async_sessionmaker[AsyncSession], receipts: list[Receipt]) -> int:
    """Apply the receipts in one transaction; returns how many rows changed. Never sends anything."""
    changed = 0
    async with transaction(sessions) as session:
        for receipt in receipts:
            status = _STATUS.get(receipt.status)
            if status is None:
                continue
            values: dict[str, object] = {"delivery_status": status}
            if receipt.error:
                values["last_error"] = receipt.error[:500]
            result = await session.execute(
                update(Message)
                .where(
                    Message.platform_message_id == receipt.platform_message_id,
                    Message.direction == Direction.OUT,
                    Message.delivery_status.in_(_MAY_REPLACE[status]),
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            changed += result.rowcount or 0  # type: ignore[attr-defined]
    if changed < len(receipts):
        log.debug("some whatsapp receipts matched no row (unknown wamid or already further along)")
    return changed
