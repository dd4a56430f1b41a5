"""What a fake platform server received, and failures it was told to answer with."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Call:
    method: str  # Bot API method ("sendMessage") or Graph path ("/123/messages")
    params: dict[str, Any]
    at: float  # loop time, to check pacing


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class Recorder:
    base_url = ""  # set once the local server listens

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._failures: dict[str, list[Failure | None]] = {}
        self._changed = asyncio.Condition()

    def fail_next(self, method: str, failure: Failure, times: int = 1, *, after: int = 0) -> None:
        """After ``after`` more successful calls of ``method``, the next ``times`` are answered with
        ``failure`` (and still recorded)."""
        self._failures.setdefault(method, []).extend([None] * after + [failure] * times)

    def take_failure(self, method: str) -> Failure | None:
        queue = self._failures.get(method)
        return queue.pop(0) if queue else None

    async def record(self, method: str, params: dict[str, Any]) -> None:
        async with self._changed:
            self.calls.append(Call(method, params, asyncio.get_running_loop().time()))
            self._changed.notify_all()

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def wait_for(self, method: str, count: int, timeout: float = 10.0) -> list[Call]:
        """Wait until at least ``count`` calls of ``method`` arrived; return them."""

        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.of(method)) >= count)

        try:
            await asyncio.wait_for(enough(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"expected {count} {method} call(s), got {len(self.of(method))}: {self.of(method)}"
            ) from None
        return self.of(method)
