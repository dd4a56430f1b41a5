"""Helpers shared by the channel tests: fixture files, Meta signatures, posting to the webhooks."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
from fakes import bot_api as fake_bot
from fakes import graph_api as fake_graph
from fakes.bot_api import FakeBotApi
from fakes.graph_api import FakeGraphApi
from fastapi import FastAPI
from pydantic import SecretStr

from bot.settings import Settings

HERE = Path(__file__).parent
TELEGRAM_SECRET = "tg-webhook-secret-0123456789abcdef"
WHATSAPP_APP_SECRET = "meta-app-secret-fedcba9876543210"
WHATSAPP_VERIFY_TOKEN = "verify-me-please"
FIXTURE_EPOCH = 1764340000  # the fixtures' WhatsApp timestamps count from here


def _recent(match: re.Match[bytes]) -> bytes:
    # Shift recorded timestamps to now (keeping their order), so the 24-hour window is open.
    shifted = int(time.time()) + int(match.group(2)) - FIXTURE_EPOCH - 200
    return match.group(1) + str(shifted).encode() + b'"'


def fixture_bytes(channel: str, name: str, *, recent: bool = True) -> bytes:
    raw = (HERE / channel / "fixtures" / name).read_bytes()
    return re.sub(rb'("timestamp": ")(\d+)"', _recent, raw) if recent else raw


def fixture_json(channel: str, name: str, *, recent: bool = True) -> dict[str, Any]:
    return json.loads(fixture_bytes(channel, name, recent=recent))


def meta_signature(body: bytes, secret: str = WHATSAPP_APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def with_channels(settings: Settings, bot: FakeBotApi, graph: FakeGraphApi) -> Settings:
    return settings.model_copy(
        update={
            "telegram_token": SecretStr(fake_bot.TOKEN),
            "telegram_webhook_secret": SecretStr(TELEGRAM_SECRET),
            "telegram_api_base_url": bot.base_url,
            "whatsapp_token": SecretStr(fake_graph.TOKEN),
            "whatsapp_app_secret": SecretStr(WHATSAPP_APP_SECRET),
            "whatsapp_verify_token": SecretStr(WHATSAPP_VERIFY_TOKEN),
            "whatsapp_phone_number_id": fake_graph.PHONE_NUMBER_ID,
            "whatsapp_api_base_url": graph.base_url,
        }
    )


def make_fast(app: FastAPI) -> None:
    """Real pacing is ~1 s per chat; tests keep the behaviour with shorter waits."""
    extras = app.state.services.extras
    outbox = extras["outbox"]
    outbox.sweep_seconds = 0.2
    outbox.base_backoff_seconds = 0.2
    for name in ("telegram", "whatsapp"):
        extras[name].sender.per_chat_interval = 0.05


async def post_telegram(
    client: httpx.AsyncClient, body: bytes | dict[str, Any], secret: str | None = TELEGRAM_SECRET
) -> httpx.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return await client.post("/webhooks/telegram", content=raw, headers=headers)


async def post_whatsapp(
    client: httpx.AsyncClient, body: bytes | dict[str, Any], signature: str | None = None
) -> httpx.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": signature or meta_signature(raw)}
    return await client.post("/webhooks/whatsapp", content=raw, headers=headers)


async def settle(app: FastAPI) -> None:
    """Let the outbox finish everything due (the after-commit kick already started it)."""
    await asyncio.sleep(0)
    await app.state.services.extras["outbox"].drain()
