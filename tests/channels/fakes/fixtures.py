"""Fixtures shared by every suite that talks to the fake platforms (channels, security): the local
Bot API and Graph API servers, and a guard that fails any connection leaving this machine (like
PTB's OfflineRequest / courier's localOnlyTransport). Import them into a conftest to use them."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from fakes.bot_api import FakeBotApi
from fakes.graph_api import FakeGraphApi
from fakes.local_server import LocalServer

_real_connect = socket.socket.connect
LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")


def _local_only(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOCAL_HOSTS:
        raise ConnectionRefusedError(f"test tried to reach the network: {address[0]}")
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
