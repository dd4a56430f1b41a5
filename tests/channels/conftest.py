"""Channel test fixtures: local fake Bot API and Graph API servers, settings pointing at them, and a
guard that fails any connection leaving this machine (like PTB's OfflineRequest / courier's
localOnlyTransport)."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from bot.settings import Settings
from tests.channels.fakes import bot_api as fake_bot
from tests.channels.fakes import graph_api as fake_graph
from tests.channels.fakes.bot_api import FakeBotApi
from tests.channels.fakes.graph_api import FakeGraphApi
from tests.channels.fakes.local_server import LocalServer

HERE = Path(__file__).parent
TELEGRAM_SECRET = "tg-webhook-secret-0123456789abcdef"
WHATSAPP_APP_SECRET = "meta-app-secret-fedcba9876543210"
WHATSAPP_VERIFY_TOKEN = "verify-me-please"

_real_connect = socket.socket.connect


def _local_only(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise ConnectionRefusedError(f"test tried to reach the network: {host}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(socket.socket, "connect", _local_only)
    yield


def fixture_bytes(channel: str, name: str) -> bytes:
    return (HERE / channel / "fixtures" / name).read_bytes()


def fixture_json(channel: str, name: str) -> dict[str, Any]:
    return json.loads(fixture_bytes(channel, name))


def meta_signature(body: bytes, secret: str = WHATSAPP_APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
async def bot_api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi()
    async with LocalServer(fake.app) as server:
        fake.base_url = f"{server.url}/bot"  # type: ignore[attr-defined]
        yield fake


@pytest.fixture
async def graph_api() -> AsyncIterator[FakeGraphApi]:
    fake = FakeGraphApi()
    async with LocalServer(fake.app) as server:
        fake.base_url = server.url  # type: ignore[attr-defined]
        yield fake


def with_channels(settings: Settings, bot: FakeBotApi, graph: FakeGraphApi) -> Settings:
    return settings.model_copy(
        update={
            "telegram_token": SecretStr(fake_bot.TOKEN),
            "telegram_webhook_secret": SecretStr(TELEGRAM_SECRET),
            "telegram_api_base_url": bot.base_url,  # type: ignore[attr-defined]
            "whatsapp_token": SecretStr(fake_graph.TOKEN),
            "whatsapp_app_secret": SecretStr(WHATSAPP_APP_SECRET),
            "whatsapp_verify_token": SecretStr(WHATSAPP_VERIFY_TOKEN),
            "whatsapp_phone_number_id": fake_graph.PHONE_NUMBER_ID,
            "whatsapp_api_base_url": graph.base_url,  # type: ignore[attr-defined]
        }
    )


@pytest.fixture
def settings(settings: Settings, bot_api: FakeBotApi, graph_api: FakeGraphApi) -> Settings:
    """The root settings (SQLite and PostgreSQL) with both channels pointed at the local fakes."""
    return with_channels(settings, bot_api, graph_api)


def make_fast(app: FastAPI) -> None:
    """Real pacing is ~1 s per chat; tests keep the behaviour with shorter waits."""
    extras = app.state.services.extras
    outbox = extras["outbox"]
    outbox.sweep_seconds = 0.2
    outbox.base_backoff_seconds = 0.2
    for name in ("telegram", "whatsapp"):
        extras[name].sender.per_chat_interval = 0.05


@pytest.fixture
async def app(app: FastAPI) -> FastAPI:
    make_fast(app)
    return app


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
