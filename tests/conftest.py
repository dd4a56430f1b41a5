"""Shared fixtures: real SQLite, PostgreSQL and Redis (no mocks of our own storage).

With CI=true a test that needs PostgreSQL or Redis fails when the service is missing; on a
developer machine without them it is skipped with the reason.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from redis.asyncio import Redis

from bot.app import create_app
from bot.settings import Settings, load_settings
from bot.storage.migrate import upgrade
from bot.storage.models import Base
from handoff.redis_queue import connect

PG_ADMIN_URL = os.environ.get("HELPLINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("HELPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_missing(what: str, err: Exception) -> None:
    message = f"{what} is not reachable ({type(err).__name__}: {err})"
    if IN_CI:
        pytest.fail(f"{message}; CI must run it", pytrace=False)
    pytest.skip(message)


async def real_redis() -> Redis:
    """A client of the real Redis at HELPLINE_TEST_REDIS_URL, checked with a ping (missing: see
    service_missing). The caller closes it."""
    redis = connect(REDIS_URL)
    try:
        await redis.ping()
    except Exception as err:
        await redis.aclose()
        service_missing("Redis", err)
    return redis


@pytest.fixture(scope="session")
def nlu_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One trained NLU model for the whole test session."""
    return tmp_path_factory.mktemp("nlu-model")


def _pg_admin(*statements: str, database_url: str = PG_ADMIN_URL) -> None:
    async def run() -> None:
        conn = await asyncpg.connect(
            database_url.replace("postgresql+asyncpg://", "postgresql://", 1), timeout=5
        )
        try:
            for statement in statements:
                await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, migrated once; dropped at the end."""
    name = f"helpline_test_{uuid.uuid4().hex[:10]}"
    try:
        _pg_admin(f'CREATE DATABASE "{name}"')
    except Exception as err:
        service_missing("PostgreSQL", err)
    url = f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}".replace("postgresql://", "postgresql+asyncpg://", 1)
    upgrade(url)
    yield url
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def truncate_all(async_url: str) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    _pg_admin(f"TRUNCATE {tables} RESTART IDENTITY CASCADE", database_url=async_url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Parametrises a test over both storage backends."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"
    url = request.getfixturevalue("postgres_database")
    truncate_all(url)
    return url


@pytest.fixture
def settings(tmp_path: Path, nlu_model_dir: Path, database_url: str) -> Settings:
    return load_settings(
        data_dir=tmp_path, database_url=database_url, nlu_model_dir=nlu_model_dir, secret_key="t" * 40
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings, migrate=True)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def say(
    client: httpx.AsyncClient,
    user: str,
    text: str | None = None,
    *,
    button: str | None = None,
    message_id: str | None = None,
) -> list[dict]:
    """Post one web chat message and return the bot's replies (asserting a 200)."""
    body: dict[str, str] = {"user": user}
    if text is not None:
        body["text"] = text
    if button is not None:
        body["button"] = button
    if message_id is not None:
        body["id"] = message_id
    response = await client.post("/chat/messages", json=body)
    assert response.status_code == 200, response.text
    return response.json()["replies"]
