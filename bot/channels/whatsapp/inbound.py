"""WhatsApp webhook payload -> neutral inbound messages and delivery receipts. Pure translation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.channels.whatsapp.payloads import IncomingMessage, Status, WebhookBody
from bot.messages import Channel, InboundKind, InboundMessage, parse_command

log = logging.getLogger(__name__)

MEDIA_TYPES = frozenset({"image", "audio", "voice", "video", "document", "sticker", "location", "contacts"})
# A reaction to our message or a system notice (number changed) needs no answer.
SILENT_TYPES = frozenset({"reaction", "system"})


@dataclass(frozen=True, slots=True)
class Receipt:
    platform_message_id: str  # the wamid we got back when sending
    status: str
    error: str | None = None
    at: datetime | None = None


@dataclass(slots=True)
class Delivery:
    messages: list[InboundMessage]
    receipts: list[Receipt]


def read_delivery(body: WebhookBody, phone_number_id: str) -> Delivery:
    """Every message and status of every entry and change, in order; other numbers' events skipped."""
    delivery = Delivery(messages=[], receipts=[])
    if body.object != "whatsapp_business_account":
        return delivery
    for entry in body.entry:
        for change in entry.changes:
            if change.field != "messages" or change.value is None:
                continue
            if change.value.metadata.phone_number_id != phone_number_id:
                log.warning("whatsapp event for another phone number id ignored")
                continue
            delivery.messages += [to_inbound(m) for m in change.value.messages if m.type not in SILENT_TYPES]
            delivery.receipts += [to_receipt(s) for s in change.value.statuses]
    return delivery


def _time(timestamp: str) -> datetime:
    try:
        return datetime.fromtimestamp(int(timestamp), UTC)
    except (ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def to_inbound(message: IncomingMessage) -> InboundMessage:
    base = {
        "channel": Channel.WHATSAPP,
        "channel_user_id": message.from_,
        "message_id": message.id,
        "received_at": _time(message.timestamp),
    }
    if message.type == "text" and message.text is not None:
        command = parse_command(message.text.body)
        if command is not None:
            name, args = command
            return InboundMessage(
                **base, kind=InboundKind.COMMAND, text=message.text.body, command=name, command_args=args
            )
        return InboundMessage(**base, kind=InboundKind.TEXT, text=message.text.body)
    if message.type == "interactive" and message.interactive is not None:
        reply = message.interactive.button_reply or message.interactive.list_reply
        if reply is not None:
            return InboundMessage(**base, kind=InboundKind.BUTTON, button_id=reply.id)
    if message.type == "button" and message.button is not None:
        button_id = message.button.payload or message.button.text
        return InboundMessage(**base, kind=InboundKind.BUTTON, button_id=button_id)
    if message.type in MEDIA_TYPES:
        return InboundMessage(**base, kind=InboundKind.MEDIA)
    return InboundMessage(**base, kind=InboundKind.UNSUPPORTED)


def to_receipt(status: Status) -> Receipt:
    error = None
    if status.errors:
        first = status.errors[0]
        error = f"whatsapp {first.code}: {first.title}".strip()
    return Receipt(status.id, status.status, error, _time(status.timestamp) if status.timestamp else None)
