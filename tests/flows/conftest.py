"""Fixtures for the flow tests: the real runner over the real flow files, and a real agency table on
SQLite (migrated with Alembic, seeded with the demonstration entries)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from flow_chat import FlowChat
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.db import create_engine, session_factory
from bot.storage.migrate import upgrade_async
from flows import build_runner
from flows.actions.agency_lookup import SqlAgencyDirectory, seed_demo_agencies
from flows.runtime import FlowEngine


@pytest.fixture(scope="session")
def runner() -> FlowEngine:
    built = build_runner()
    assert isinstance(built, FlowEngine)
    return built


@pytest.fixture
async def agency_sessions(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'agencies.sqlite3'}"
    await upgrade_async(url)
    engine = create_engine(url)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def directory(agency_sessions: async_sessionmaker[AsyncSession]) -> SqlAgencyDirectory:
    await seed_demo_agencies(agency_sessions)
    return SqlAgencyDirectory(agency_sessions)


@pytest.fixture
def chat(runner: FlowEngine, directory: SqlAgencyDirectory) -> FlowChat:
    return FlowChat(runner, directory)
