"""Channel test fixtures: local fake Bot API and Graph API servers, settings pointing at them, and a
guard that fails any connection leaving this machine (like PTB's OfflineRequest / courier's
localOnlyTransport)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from channel_helpers import make_fast, with_channels
from fakes.bot_api import FakeBotApi
from fakes.graph_api import FakeGraphApi
from fakes.local_server import LocalServer
from fastapi import FastAPI

from bot.settings import Settings

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


@pytest.fixture
async def bot_api() -> AsyncIterator[FakeBotApi]:
    fake = FakeBotApi()
    async with LocalServer(fake.app) as server:
        fake.base_url = f"{server.url}/bot"
        yield fake


@pytest.fixture
async def graph_api() -> AsyncIterator[FakeGraphApi]:
    fake = FakeGraphApi()
    async with LocalServer(fake.app) as server:
        fake.base_url = server.url
        yield fake


@pytest.fixture
def settings(settings: Settings, bot_api: FakeBotApi, graph_api: FakeGraphApi) -> Settings:
    """The root settings (SQLite and PostgreSQL) with both channels pointed at the local fakes."""
    return with_channels(settings, bot_api, graph_api)


@pytest.fixture
async def app(app: FastAPI) -> FastAPI:
    make_fast(app)
    return app
