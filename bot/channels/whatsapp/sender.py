"""Sends neutral replies through the WhatsApp Cloud API (Graph API) with httpx.

Buttons become reply buttons (at most 3, titles up to 20 characters), else a list message (at most
10 rows, titles up to 24), else the numbered text the engine understands ("2" picks the second).
A message carrying a template is sent as that approved template (name and language code); templates
are what WhatsApp allows outside the 24-hour window, so only free text is refused there.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import httpx

from bot.channels.text_limits import split_keeping_last_short, split_text
from bot.channels.whatsapp.window import OUTSIDE_WINDOW_ERROR, service_window_open
from bot.messages import Button, Channel, MessageTemplate, OutboundMessage
from bot.outbox import PermanentSendError, RetryableSendError, SendError
from locales import N_, translate

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_INTERACTIVE_BODY = 1024
MAX_REPLY_BUTTONS, MAX_BUTTON_TITLE = 3, 20
MAX_LIST_ROWS, MAX_ROW_TITLE = 10, 24
MAX_BUTTON_ID = 256
LIST_BUTTON_LABEL = N_("Options")  # the list message's opening button, at most 20 characters

# Graph API error codes that mean "slow down" (throughput, pair rate and spam rate limits).
RATE_LIMIT_CODES = frozenset({4, 80007, 130429, 131048, 131056})
TEMPORARY_CODES = frozenset({1, 2, 131000, 131016, 133004})


def interactive_for(buttons: tuple[Button, ...], body: str, language: str) -> dict[str, Any] | None:
    """The interactive object for these buttons, or None when only numbered text can carry them."""
    if not buttons or any(len(b.id) > MAX_BUTTON_ID for b in buttons):
        return None
    titles = [len(b.title) for b in buttons]
    if len(buttons) <= MAX_REPLY_BUTTONS and max(titles) <= MAX_BUTTON_TITLE:
        return {
            "type": "button",
            "body": {"text": body},
            "action": {
                "buttons": [{"type": "reply", "reply": {"id": b.id, "title": b.title}} for b in buttons]
            },
        }
    if len(buttons) <= MAX_LIST_ROWS and max(titles) <= MAX_ROW_TITLE:
        return {
            "type": "list",
            "body": {"text": body},
            "action": {
                "button": translate(language, LIST_BUTTON_LABEL)[:MAX_BUTTON_TITLE],
                "sections": [{"rows": [{"id": b.id, "title": b.title} for b in buttons]}],
            },
        }
    return None


def template_content(template: MessageTemplate) -> dict[str, Any]:
    """A template without parameters: the approved text is sent exactly as Meta approved it."""
    return {"type": "template", "template": {"name": template.name, "language": {"code": template.language}}}


class WhatsAppSender:
    channel = Channel.WHATSAPP

    def __init__(
        self, client: httpx.AsyncClient, phone_number_id: str, *, per_chat_interval: float = 1.0
    ) -> None:
        self._client = client  # base_url = Graph API version root, Authorization header set
        self._path = f"/{phone_number_id}/messages"
        self.per_chat_interval = per_chat_interval

    def refusal(
        self, last_inbound_at: datetime | None, now: datetime, *, template: bool = False
    ) -> str | None:
        if template or service_window_open(last_inbound_at, now):
            return None
        return OUTSIDE_WINDOW_ERROR

    async def send(
        self, channel_user_id: str, message: OutboundMessage, *, language: str = "id", first_part: int = 0
    ) -> str | None:
        if message.template is not None:
            return await self._post(channel_user_id, template_content(message.template))
        probe = interactive_for(message.buttons, "", language)
        if probe is None:
            # No buttons, or too many / too long for WhatsApp: numbered text.
            parts, interactive = split_text(message.render_as_text(), MAX_TEXT), None
        else:
            parts = split_keeping_last_short(message.text, MAX_TEXT, MAX_INTERACTIVE_BODY)
            interactive = interactive_for(message.buttons, parts[-1], language)
        wamid: str | None = None
        for index, part in enumerate(parts):
            if index < first_part:
                continue  # delivered in an earlier attempt (the split is the same every time)
            last = index == len(parts) - 1
            if last and interactive is not None:
                payload: dict[str, Any] = {"type": "interactive", "interactive": interactive}
            else:
                payload = {"type": "text", "text": {"body": part, "preview_url": False}}
            try:
                wamid = await self._post(channel_user_id, payload)
            except SendError as err:
                err.parts_sent = index
                raise
        return wamid

    async def _post(self, to: str, content: dict[str, Any]) -> str | None:
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, **content}
        try:
            response = await self._client.post(self._path, json=body)
        except httpx.HTTPError as err:
            raise RetryableSendError(f"whatsapp: {type(err).__name__}") from err
        if response.is_success:
            try:
                return str(response.json()["messages"][0]["id"])
            except (ValueError, KeyError, IndexError, TypeError):
                return None  # sent, but no wamid to match receipts against
        raise _error_for(response)


def _error_for(response: httpx.Response) -> Exception:
    try:
        error = response.json().get("error", {})
    except ValueError:
        error = {}
    code = error.get("code") if isinstance(error, dict) else None
    text = f"whatsapp {response.status_code}"
    if isinstance(error, dict) and error.get("message"):
        text += f" (code {code}): {error['message']}"
    retry_after = _retry_after(response)
    if response.status_code == 429 or code in RATE_LIMIT_CODES:
        return RetryableSendError(text, retry_after)
    if response.status_code >= 500 or code in TEMPORARY_CODES:
        return RetryableSendError(text, retry_after)
    if response.status_code == 401 or code == 190:  # expired token: fixable by an operator, keep the row
        return RetryableSendError(text)
    return PermanentSendError(text)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    try:
        return float(value) if value else None
    except ValueError:
        return None
