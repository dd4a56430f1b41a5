"""Channel test fixtures: local fake Bot API and Graph API servers, settings pointing at them, and a
guard that fails any connection leaving this machine (like PTB's OfflineRequest / courier's
localOnlyTransport)."""

from __future__ import annotations

import pytest
from channel_helpers import make_fast, with_channels
from fakes.bot_api import FakeBotApi
from fakes.fixtures import bot_api, graph_api, no_internet  # noqa: F401  (fixtures)
from fakes.graph_api import FakeGraphApi
from fastapi import FastAPI

from bot.settings import Settings


@pytest.fixture
def settings(settings: Settings, bot_api: FakeBotApi, graph_api: FakeGraphApi) -> Settings:
    """The root settings (SQLite and PostgreSQL) with both channels pointed at the local fakes."""
    return with_channels(settings, bot_api, graph_api)


@pytest.fixture
async def app(app: FastAPI) -> FastAPI:
    make_fast(app)
    return app
