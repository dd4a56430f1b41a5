"""Fixtures for the insights tests: a migrated database on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.db import create_engine, session_factory
from bot.storage.migrate import upgrade_async


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    if database_url.startswith("sqlite"):
        await upgrade_async(database_url)  # the PostgreSQL fixture migrated (and truncated) already
    engine = create_engine(database_url)
    yield session_factory(engine)
    await engine.dispose()
