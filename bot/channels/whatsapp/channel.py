"""The WhatsApp channel: signature and verify-token checks, one delivery -> engine, and the Graph client."""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import TYPE_CHECKING

import httpx

from bot.channels.channel_replies import answer_with_please_write
from bot.channels.whatsapp.inbound import Delivery, read_delivery
from bot.channels.whatsapp.payloads import WebhookBody
from bot.channels.whatsapp.receipts import record_receipts
from bot.channels.whatsapp.sender import WhatsAppSender
from bot.messages import InboundKind

if TYPE_CHECKING:
    from bot.services import Services
    from bot.settings import Settings

log = logging.getLogger(__name__)


class WhatsAppChannel:
    def __init__(self, services: Services, settings: Settings) -> None:
        self._services = services
        self._app_secret = settings.whatsapp_app_secret.get_secret_value().encode()
        self._verify_token = settings.whatsapp_verify_token.get_secret_value().encode()
        self.phone_number_id = settings.whatsapp_phone_number_id
        self.client = httpx.AsyncClient(
            base_url=settings.whatsapp_api_base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {settings.whatsapp_token.get_secret_value()}"},
            timeout=httpx.Timeout(20.0, connect=5.0),
        )
        self.sender = WhatsAppSender(self.client, self.phone_number_id)

    async def stop(self) -> None:
        await self.client.aclose()

    def verify_token_matches(self, token: str | None) -> bool:
        return bool(self._verify_token) and hmac.compare_digest((token or "").encode(), self._verify_token)

    def signature_matches(self, raw_body: bytes, header: str | None) -> bool:
        """X-Hub-Signature-256 is "sha256=" + hex HMAC-SHA256 of the raw body with the app secret."""
        if not self._app_secret or not header or not header.startswith("sha256="):
            return False
        expected = hmac.new(self._app_secret, raw_body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(header.removeprefix("sha256=").lower().encode(), expected.encode())

    def read(self, body: WebhookBody) -> Delivery:
        return read_delivery(body, self.phone_number_id)

    async def handle(self, delivery: Delivery) -> None:
        """Every message in order; raises on storage errors so Meta redelivers (duplicates are skipped)."""
        for message in delivery.messages:
            if message.kind in (InboundKind.MEDIA, InboundKind.UNSUPPORTED):
                await answer_with_please_write(self._services, message)
            else:
                await self._services.engine.handle(message)
        if delivery.receipts:
            await record_receipts(self._services.sessions, delivery.receipts)
