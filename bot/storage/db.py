"""Database engine and sessions. SQLite for the embedded default, PostgreSQL in production."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def create_engine(url: str) -> AsyncEngine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    # No pool_pre_ping: it costs a round trip on every checkout (~5 per turn). A connection broken by a
    # server restart fails its first statement instead; SQLAlchemy then discards the pool's connections,
    # the turn rolls back and the webhook answers 503, so the platform redelivers (tests/faults).
    # pool_recycle retires connections before a firewall or PgBouncer silently drops idle ones.
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_recycle=1800)


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    # The driver's own transaction handling breaks SAVEPOINT (a RELEASE would commit); we take over
    # and emit BEGIN ourselves (SQLAlchemy's documented recipe for pysqlite/aiosqlite).
    dbapi_conn.isolation_level = None
    # WAL lets the console read while the engine writes; foreign keys are off by default in SQLite.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # IMMEDIATE takes the write lock up front: concurrent turns queue on busy_timeout instead of
    # failing with SQLITE_BUSY when a deferred read transaction tries to become a writer.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: commits on success, rolls back on any error, so nothing is half-written."""
    async with factory() as session, session.begin():
        yield session


@asynccontextmanager
async def single_statement(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncConnection]:
    """A unit of work that is one statement (a claim, a finish). On PostgreSQL it runs in autocommit:
    one statement is atomic on its own, and this saves the BEGIN and COMMIT round trips, which the
    outbox pays for every reply. SQLite keeps its BEGIN IMMEDIATE transaction (its writers queue on it)."""
    engine: AsyncEngine = factory.kw["bind"]
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            yield await connection.execution_options(isolation_level="AUTOCOMMIT")
    else:
        async with engine.begin() as connection:
            yield connection


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
