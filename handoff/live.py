"""Live updates to staff consoles: every open console (an SSE connection) gets every handoff event.

In-process by default; with Redis, events go through a pub/sub channel so a console connected to one
process sees tickets opened in another. Events are small JSON objects with no message text.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis

log = logging.getLogger(__name__)

QUEUE_SIZE = 256  # per console; a console that falls this far behind is told to reload


class LiveHub:
    """Fan-out to the consoles connected to this process."""

    def __init__(self) -> None:
        self._subscribers: set[asyncio.Queue[dict[str, Any]]] = set()

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[dict[str, Any]]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._subscribers.add(queue)
        try:
            yield queue
        finally:
            self._subscribers.discard(queue)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    def deliver(self, event: dict[str, Any]) -> None:
        for queue in list(self._subscribers):
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                # Never block the sender on a slow console: drop its backlog and make it reload.
                while not queue.empty():
                    queue.get_nowait()
                queue.put_nowait({"type": "resync"})

    async def publish(self, event: dict[str, Any]) -> None:
        self.deliver(event)

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        self.deliver({"type": "bye"})  # open consoles end their streams so shutdown is not held up


class RedisLiveHub(LiveHub):
    """Publishes to ``<prefix>:handoff:events``; one listener per process delivers to local consoles."""

    def __init__(self, redis: Redis, prefix: str) -> None:
        super().__init__()
        self.redis = redis
        self.channel = f"{prefix}:handoff:events"
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def publish(self, event: dict[str, Any]) -> None:
        await self.redis.publish(self.channel, json.dumps(event, separators=(",", ":")))

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="handoff-live-listener")
        await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def _listen(self) -> None:
        while True:
            try:
                async with self.redis.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(self.channel)
                    self._ready.set()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self.deliver(json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis restarted: consoles reload their lists once we are back
                log.warning("handoff live listener lost Redis; retrying", exc_info=True)
                await asyncio.sleep(1)
                self.deliver({"type": "resync"})

    async def aclose(self) -> None:
        await super().aclose()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
