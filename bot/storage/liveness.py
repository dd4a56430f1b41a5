"""Which app processes are alive, told by a lock the operating system or the database drops for us.

Each process holds an exclusive lock under a random key for as long as it lives. When the process dies
— SIGKILL and out-of-memory kills included — the lock goes with it, at once and without a time-based
guess; a process that is merely slow (a stalled event loop, a long send) still holds its lock and is
never taken for dead.

- PostgreSQL: a session-level advisory lock on a connection of the process's own. The kernel closes
  a dead process's socket, PostgreSQL ends that session and releases the lock. Needs a direct (or
  session-pooled) connection: behind a transaction-pooling PgBouncer the lock would not stay put.
- SQLite (the embedded default, one machine): ``flock`` on a file in a folder beside the database
  file, released by the kernel when the process exits.

The outbox stamps its claims with the key, and its sweep gives back at once the replies claimed by a
process that is gone, instead of waiting for their lease to run out (bot/outbox.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from sqlalchemy import BigInteger, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# The advisory-lock namespace of this app (first of the two int4 keys): "HLOB".
LOCK_CLASS = 0x484C4F42

# The keys held right now in this database under our namespace (the two-key form of an advisory lock
# shows up in pg_locks as classid = first key, objid = second key, objsubid = 2).
LIVE_KEYS = (
    text(
        """
    SELECT l.objid::bigint AS key FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.classid = :lock_class AND l.objsubid = 2 AND l.granted
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    """
    )
    .bindparams(lock_class=LOCK_CLASS)
    .columns(key=BigInteger)
)

CHECK_SECONDS = 5.0
_KEY_ATTEMPTS = 8


def _random_key() -> int:
    return secrets.randbelow(2**31 - 1) + 1  # fits the advisory lock's int4 key


class Liveness(Protocol):
    key: int | None  # what this process's claims are stamped with; None before start

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def dead_among(self, keys: Iterable[int]) -> set[int]:
        """Those of ``keys`` whose process is gone."""
        ...


def liveness_for(engine: AsyncEngine) -> Liveness:
    if engine.dialect.name == "postgresql":
        return DatabaseLiveness(engine)
    database = engine.url.database
    if not database or database == ":memory:":
        raise ValueError("an in-memory database has no other processes to watch")
    return FileLiveness(Path(f"{database}.liveness"))


class DatabaseLiveness:
    """PostgreSQL: an advisory lock held on our own connection (see the module docstring)."""

    def __init__(self, engine: AsyncEngine, *, check_seconds: float = CHECK_SECONDS) -> None:
        # Its own engine without a pool: closing the connection must end the session (a pooled
        # connection would go back to the pool still holding the lock).
        self._engine = create_async_engine(engine.url, poolclass=NullPool)
        self._check_seconds = check_seconds
        self._connection: AsyncConnection | None = None
        self._in_use = asyncio.Lock()  # one statement at a time on our connection
        self._watch_task: asyncio.Task[None] | None = None
        self.key: int | None = None

    async def start(self) -> None:
        await self._take(_random_key())
        self._watch_task = asyncio.create_task(self._watch(), name="liveness")

    async def stop(self) -> None:
        if self._watch_task is not None:
            self._watch_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch_task
            self._watch_task = None
        await self._close()  # closing the session releases the lock
        await self._engine.dispose()

    async def dead_among(self, keys: Iterable[int]) -> set[int]:
        # Asked on our own connection, which sits idle between the watcher's checks: no new
        # connection per sweep.
        async with self._in_use:
            if self._connection is None:
                raise RuntimeError("liveness lock not held right now")
            try:
                alive = await live_keys(self._connection)
                await self._connection.commit()
            except Exception:
                with contextlib.suppress(Exception):  # keep the session (and our lock) usable
                    await self._connection.rollback()
                raise
        return set(keys) - alive

    async def _take(self, key: int) -> None:
        """Open our own connection and lock ``key`` on it (a fresh random key if that one is taken)."""
        await self._close()
        connection = await self._engine.connect()
        try:
            for _ in range(_KEY_ATTEMPTS):
                taken = await connection.scalar(
                    text("SELECT pg_try_advisory_lock(:lock_class, :key)"),
                    {"lock_class": LOCK_CLASS, "key": key},
                )
                await connection.commit()  # end the implicit transaction; the session lock stays
                if taken:
                    self._connection, self.key = connection, key
                    return
                key = _random_key()  # another live process has this one
        except BaseException:
            await connection.close()
            raise
        await connection.close()
        raise RuntimeError("no free advisory-lock key after several tries")

    async def _watch(self) -> None:
        """Notice a lost connection (database restart, network) and take the same key again, so
        this process's claims are not given away for long while it is still working on them."""
        while True:
            await asyncio.sleep(self._check_seconds)
            try:
                async with self._in_use:
                    assert self._connection is not None
                    await self._connection.scalar(text("SELECT 1"))
                    await self._connection.commit()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("liveness connection lost; taking the lock again")
                try:
                    async with self._in_use:
                        await self._take(self.key or _random_key())
                except asyncio.CancelledError:
                    raise
                except Exception:  # database still down: try again on the next round
                    log.warning("liveness lock not retaken yet", exc_info=True)

    async def _close(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            with contextlib.suppress(Exception):
                await connection.close()


class FileLiveness:
    """SQLite: ``flock`` on ``<folder>/<key>.lock``; every process on that database uses one folder."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._fd: int | None = None
        self.key: int | None = None

    async def start(self) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        for _ in range(_KEY_ATTEMPTS):
            key = _random_key()
            fd = os.open(self._path(key), os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another live process has this key
                os.close(fd)
                continue
            self._fd, self.key = fd, key
            return
        raise RuntimeError("no free liveness key after several tries")

    async def stop(self) -> None:
        if self._fd is not None and self.key is not None:
            with contextlib.suppress(OSError):
                self._path(self.key).unlink()
            os.close(self._fd)  # releases the lock
            self._fd = None

    async def dead_among(self, keys: Iterable[int]) -> set[int]:
        return {key for key in keys if not self._held(key)}

    def _held(self, key: int) -> bool:
        try:
            fd = os.open(self._path(key), os.O_RDWR)
        except FileNotFoundError:
            return False  # never started here, or stopped cleanly
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        else:  # we got it, so its process is gone: tidy up its file
            with contextlib.suppress(OSError):
                self._path(key).unlink()
            return False
        finally:
            os.close(fd)

    def _path(self, key: int) -> Path:
        return self._folder / f"{key}.lock"


async def live_keys(connection: AsyncConnection) -> set[int]:
    """The keys of every process alive on this PostgreSQL database right now."""
    return set((await connection.scalars(LIVE_KEYS)).all())
