"""The Redis dispatch queue (several app processes). Every multi-step change is one Lua script
(``handoff/lua/*.lua``), so it is atomic on the server; times come from Redis' own clock so the
processes' clocks need not agree.

Keys, under ``HELPLINE_REDIS_PREFIX``:
    <prefix>:handoff:queue    sorted set  ticket -> score (handoff.order: priority, risk, creation time)
    <prefix>:handoff:leases   sorted set  ticket -> lease expiry (ms, Redis time)
    <prefix>:handoff:holders  hash        ticket -> worker id
"""

from __future__ import annotations

from pathlib import Path

from redis.asyncio import BlockingConnectionPool, Redis

from handoff.queue import ClaimOutcome, QueueSnapshot, RenewResult

LUA_DIR = Path(__file__).parent / "lua"


def _script(redis: Redis, name: str):  # type: ignore[no-untyped-def]
    return redis.register_script((LUA_DIR / f"{name}.lua").read_text())


class RedisQueue:
    def __init__(self, redis: Redis, prefix: str) -> None:
        self.redis = redis
        self.prefix = prefix
        base = f"{prefix}:handoff"
        self.queue_key = f"{base}:queue"
        self.leases_key = f"{base}:leases"
        self.holders_key = f"{base}:holders"
        self._enqueue = _script(redis, "enqueue")
        self._claim = _script(redis, "claim")
        self._claim_next = _script(redis, "claim_next")
        self._hold = _script(redis, "hold")
        self._renew = _script(redis, "renew")
        self._take_expired = _script(redis, "take_expired")
        self._release = _script(redis, "release")

    @property
    def _all(self) -> list[str]:
        return [self.queue_key, self.leases_key, self.holders_key]

    async def enqueue(self, ticket_id: int, score: int) -> bool:
        return bool(await self._enqueue(keys=[self.queue_key, self.holders_key], args=[ticket_id, score]))

    async def claim(self, ticket_id: int, worker: str, lease_ms: int) -> ClaimOutcome:
        return ClaimOutcome(await self._claim(keys=self._all, args=[ticket_id, worker, lease_ms]))

    async def claim_next(self, worker: str, lease_ms: int) -> int | None:
        found = await self._claim_next(keys=self._all, args=[worker, lease_ms])
        return int(found) if found else None

    async def hold(self, ticket_id: int, worker: str, lease_ms: int) -> None:
        await self._hold(keys=self._all, args=[ticket_id, worker, lease_ms])

    async def renew(self, worker: str, ticket_ids: list[int], lease_ms: int) -> RenewResult:
        if not ticket_ids:
            return RenewResult()
        lost, missing = await self._renew(
            keys=[self.leases_key, self.holders_key], args=[worker, lease_ms, *ticket_ids]
        )
        return RenewResult([int(t) for t in lost], [int(t) for t in missing])

    async def release(self, ticket_id: int) -> None:
        await self._release(keys=self._all, args=[ticket_id])

    async def take_expired(self, limit: int = 100) -> list[int]:
        expired = await self._take_expired(keys=[self.leases_key, self.holders_key], args=[limit])
        return [int(t) for t in expired]

    async def snapshot(self) -> QueueSnapshot:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zrange(self.queue_key, 0, -1, withscores=True)
            pipe.hgetall(self.holders_key)
            queued, holders = await pipe.execute()
        return QueueSnapshot(
            [int(t) for t, _ in queued],
            {int(t): w for t, w in holders.items()},
            {int(t): int(score) for t, score in queued},
        )

    async def ping(self) -> None:
        await self.redis.ping()

    async def aclose(self) -> None:
        await self.redis.aclose()


# Under a burst (many staff claiming at once) callers wait briefly for a connection instead of failing.
MAX_CONNECTIONS = 64


def connect(url: str) -> Redis:
    pool = BlockingConnectionPool.from_url(
        url, max_connections=MAX_CONNECTIONS, timeout=10, decode_responses=True, health_check_interval=30
    )
    return Redis(connection_pool=pool)
