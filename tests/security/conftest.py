"""Security test fixtures: the real app with both push channels configured against local fake
platform servers, on SQLite by default (``BOTH_DATABASES`` re-runs a test on PostgreSQL too)."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "channels"))  # the channel tests' fakes

import httpx
import pytest
from fakes import bot_api as fake_bot
from fakes import graph_api as fake_graph
from fakes.bot_api import FakeBotApi
from fakes.fixtures import bot_api, graph_api, no_internet  # noqa: F401  (fixtures)
from fakes.graph_api import FakeGraphApi
from fastapi import FastAPI
from pydantic import SecretStr
from security_helpers import TELEGRAM_SECRET, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, truncate_all

from bot.settings import Settings, load_settings


@pytest.fixture(params=["sqlite"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"
    url = request.getfixturevalue("postgres_database")
    truncate_all(url)
    return url


@pytest.fixture
def overrides(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Extra settings for one test: ``@pytest.mark.parametrize("overrides", [{...}], indirect=True)``."""
    return dict(getattr(request, "param", {}))


@pytest.fixture
def settings(
    tmp_path: Path,
    nlu_model_dir: Path,
    database_url: str,
    bot_api: FakeBotApi,
    graph_api: FakeGraphApi,
    overrides: dict[str, Any],
) -> Settings:
    base = load_settings(
        data_dir=tmp_path, database_url=database_url, nlu_model_dir=nlu_model_dir, secret_key="s" * 40
    )
    return base.model_copy(
        update={
            "telegram_token": SecretStr(fake_bot.TOKEN),
            "telegram_webhook_secret": SecretStr(TELEGRAM_SECRET),
            "telegram_api_base_url": bot_api.base_url,
            "whatsapp_token": SecretStr(fake_graph.TOKEN),
            "whatsapp_app_secret": SecretStr(WHATSAPP_APP_SECRET),
            "whatsapp_verify_token": SecretStr(WHATSAPP_VERIFY_TOKEN),
            "whatsapp_phone_number_id": fake_graph.PHONE_NUMBER_ID,
            "whatsapp_api_base_url": graph_api.base_url,
            **overrides,
        }
    )


@pytest.fixture
async def https_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://helpline.example") as http:
        yield http
