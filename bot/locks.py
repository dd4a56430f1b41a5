"""Per-conversation ordering: one message at a time per user.

Within a process, an asyncio lock per key (its waiters are served first come, first served). Across
processes, the engine also takes a row lock on the contact (``SELECT ... FOR UPDATE``) inside its
transaction, so two workers never interleave one user's turns.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class KeyedLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:  # forget idle keys so memory stays flat
                del self._users[key]
                del self._locks[key]

    def __len__(self) -> int:
        return len(self._locks)
