"""Pydantic models of the WhatsApp Cloud API webhook body (only the fields we read), parsed AFTER the
signature check. Unknown fields are ignored so a new Meta field never breaks the webhook."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Text(_Model):
    body: str = ""


class Reply(_Model):
    id: str
    title: str = ""


class Interactive(_Model):
    type: str
    button_reply: Reply | None = None
    list_reply: Reply | None = None


class QuickReplyButton(_Model):
    """A press on a template's quick-reply button (type "button")."""

    payload: str = ""
    text: str = ""


class IncomingMessage(_Model):
    from_: str = Field(alias="from")
    id: str
    timestamp: str
    type: str
    text: Text | None = None
    interactive: Interactive | None = None
    button: QuickReplyButton | None = None


class StatusError(_Model):
    code: int | None = None
    title: str = ""


class Status(_Model):
    id: str
    status: str  # sent | delivered | read | failed (and "deleted" on old API versions)
    timestamp: str = ""
    recipient_id: str = ""
    errors: list[StatusError] = []


class Metadata(_Model):
    display_phone_number: str = ""
    phone_number_id: str


class Value(_Model):
    messaging_product: str = "whatsapp"
    metadata: Metadata
    messages: list[IncomingMessage] = []
    statuses: list[Status] = []


class Change(_Model):
    field: str
    value: Value | None = None


class Entry(_Model):
    id: str
    changes: list[Change] = []


class WebhookBody(_Model):
    object: str
    entry: list[Entry] = []
