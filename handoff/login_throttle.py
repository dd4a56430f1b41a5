"""Slow down password guessing on the console login: after a few failures for one name or from one
address, further attempts are refused (429) for a while, before the password is even checked.

Two implementations behind one interface (``retry_after``, ``failed``, ``succeeded``):

- :class:`LoginThrottle` counts in process memory: the embedded default (one process);
- :class:`RedisLoginThrottle` when ``HELPLINE_REDIS_URL`` is set: every app process counts into the
  same Redis keys, so ``helpline run --workers N`` still allows MAX_FAILURES per name per window, not N
  times that (attempts checked at the same moment, before any of them failed, all get their try).

Redis keys, under ``HELPLINE_REDIS_PREFIX``; names and addresses appear only as an HMAC keyed with
``HELPLINE_SECRET_KEY``, so a dump of Redis does not list staff names::

    <prefix>:login:name:<hmac>   sorted set  one member per failure, score = Redis time (ms)
    <prefix>:login:addr:<hmac>   likewise; both expire a window after their last failure

When Redis cannot be reached the login keeps working on this process' own counts (a warning in the
log, at most once a minute), so staff can still log in during an outage.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import time
from collections import OrderedDict, deque

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

MAX_FAILURES = 5  # per login name
MAX_FAILURES_PER_ADDRESS = 20  # higher: a whole team may log in through one proxy address
WINDOW_SECONDS = 15 * 60
MAX_KEYS = 10_000  # bounded memory even under a spray of names or addresses
REDIS_TIMEOUT_SECONDS = 2.0  # a hung Redis must not hang the login: fall back instead
WARN_EVERY_SECONDS = 60.0  # one warning per outage-minute, not one per guess


class LoginThrottle:
    """Counts failures in this process (monotonic clock); ``now`` lets tests set that clock."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        max_per_address: int = MAX_FAILURES_PER_ADDRESS,
        window_seconds: float = WINDOW_SECONDS,
    ) -> None:
        self.max_failures = max_failures
        self.max_per_address = max_per_address
        self.window = window_seconds
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def limit(self, key: str) -> int:
        return self.max_per_address if key.startswith("addr:") else self.max_failures

    async def retry_after(self, keys: list[str], now: float | None = None) -> int:
        """Seconds until these keys may try again; 0 when allowed now."""
        now = time.monotonic() if now is None else now
        wait = 0.0
        for key in keys:
            times = self._recent(key, now)
            limit = self.limit(key)
            if len(times) >= limit:
                wait = max(wait, times[-limit] + self.window - now)
        return _whole_seconds(wait)

    async def failed(self, keys: list[str], now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        for key in keys:
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
        while len(self._failures) > MAX_KEYS:
            self._failures.popitem(last=False)

    async def succeeded(self, keys: list[str]) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and now - times[0] > self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times


class RedisLoginThrottle(LoginThrottle):
    """Counts in Redis, shared by all processes; the inherited in-process counts are the fallback."""

    def __init__(
        self,
        redis: Redis,
        prefix: str,
        hash_key: str,
        max_failures: int = MAX_FAILURES,
        max_per_address: int = MAX_FAILURES_PER_ADDRESS,
        window_seconds: float = WINDOW_SECONDS,
    ) -> None:
        super().__init__(max_failures, max_per_address, window_seconds)
        self.redis = redis
        self.key_prefix = f"{prefix}:login"
        self._hash_key = hash_key.encode()
        self._window_ms = int(window_seconds * 1000)
        self._last_warning = -WARN_EVERY_SECONDS

    def redis_key(self, key: str) -> str:
        kind = key.partition(":")[0]
        digest = hmac.new(self._hash_key, key.encode(), hashlib.sha256).hexdigest()
        return f"{self.key_prefix}:{kind}:{digest}"

    async def retry_after(self, keys: list[str], now: float | None = None) -> int:
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS), self.redis.pipeline(transaction=True) as pipe:
                pipe.time()
                for key in keys:  # the limit-th newest failure: refused while it is inside the window
                    rank = self.limit(key) - 1
                    pipe.zrevrange(self.redis_key(key), rank, rank, withscores=True)
                server_time, *nth_newest = await pipe.execute()
        except (RedisError, OSError) as err:
            self._redis_unavailable(err)
            return await super().retry_after(keys, now)
        now_ms = _ms(server_time)
        wait_ms = max(
            (score + self._window_ms - now_ms for found in nth_newest for _, score in found), default=0
        )
        return _whole_seconds(wait_ms / 1000)

    async def failed(self, keys: list[str], now: float | None = None) -> None:
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                now_ms = _ms(await self.redis.time())
                member = f"{now_ms}:{secrets.token_hex(4)}"  # unique: two failures in one ms both count
                async with self.redis.pipeline(transaction=True) as pipe:
                    for key in keys:
                        redis_key = self.redis_key(key)
                        pipe.zadd(redis_key, {member: now_ms})
                        pipe.zremrangebyrank(redis_key, 0, -self.limit(key) - 1)  # older ones never decide
                        pipe.pexpire(redis_key, self._window_ms)
                    await pipe.execute()
        except (RedisError, OSError) as err:
            self._redis_unavailable(err)
            await super().failed(keys, now)

    async def succeeded(self, keys: list[str]) -> None:
        await super().succeeded(keys)  # also any counts kept here during an earlier outage
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                await self.redis.delete(*(self.redis_key(key) for key in keys))
        except (RedisError, OSError) as err:
            self._redis_unavailable(err)

    def _redis_unavailable(self, err: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY_SECONDS:
            self._last_warning = now
            log.warning(
                "login throttle: Redis unavailable, counting in this process only",
                extra={"error": f"{type(err).__name__}: {err}"},
            )


def throttle_keys(name: str, address: str | None) -> list[str]:
    return [f"name:{name.strip().lower()}", f"addr:{address or 'unknown'}"]


def _ms(server_time: tuple[int, int]) -> int:
    seconds, microseconds = server_time
    return int(seconds) * 1000 + int(microseconds) // 1000


def _whole_seconds(wait: float) -> int:
    return int(wait) + 1 if wait > 0 else 0
