"""Slow down password guessing on the console login without letting a guesser lock staff out.

Every attempt is counted *before* its password is checked, in one atomic step per attempt
(:meth:`LoginThrottle.attempt`): 40 guesses sent at the same moment get ``limit`` checks, not 40.
The counted things ("keys") are

- ``name:<login name>`` and ``addr:<client address>`` for a browser the helpline does not know;
- ``device:<id>`` only, for a *known device*: a browser that logged in as that name before and holds
  the signed cookie :data:`DEVICE_COOKIE` (:func:`remember_device`). So while strangers hammer a name
  or an address, its owner on the night-shift PC still logs in with the right password.

Each key gets ``limit`` free attempts (5 per name or device, 20 per address); after that the next
attempt waits :data:`BASE_DELAY_SECONDS`, and every further attempt doubles the wait, up to
:data:`MAX_DELAY_SECONDS`: a slowdown, never a hard lock. A refused attempt counts nothing (it does not
lengthen the wait). A key is forgotten once quiet for :data:`WINDOW_SECONDS` after its last wait; a
successful login clears the name's (or device's) count and gives the address its attempt back (so the
address counts failures); an attempt refused because the password pool was full is given back too.

Two implementations behind one interface (``attempt``, ``retry_after``, ``succeeded``, ``refund``):

- :class:`LoginThrottle` counts in process memory under a lock: the embedded default (one process);
- :class:`RedisLoginThrottle` when ``HELPLINE_REDIS_URL`` is set: one Lua script
  (``lua/login_attempt.lua``) checks and counts every key of an attempt at once, on Redis' own clock,
  so ``helpline run --workers N`` still allows ``limit`` attempts per name, not N times that.

Redis keys, under ``HELPLINE_REDIS_PREFIX``; names, addresses and device ids appear only as an HMAC
keyed with ``HELPLINE_SECRET_KEY``, so a dump of Redis lists no staff names::

    <prefix>:login:tries:<kind>:<hmac>   hash  c = attempts counted, n = refused until (ms); expires

When Redis cannot be reached the login keeps working on this process' own counts (a warning in the
log, at most once a minute), so staff can still log in during an outage.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.observability import OutageWarning

log = logging.getLogger(__name__)

MAX_FAILURES = 5  # free attempts per login name (unknown devices) and per known device
MAX_FAILURES_PER_ADDRESS = 20  # higher: a whole team may log in through one proxy address
BASE_DELAY_SECONDS = 15.0  # the wait after the free attempts; doubles with every further attempt
MAX_DELAY_SECONDS = 15 * 60.0
WINDOW_SECONDS = 15 * 60  # a key this long quiet (after its wait) starts afresh
MAX_KEYS = 10_000  # bounded memory even under a spray of names or addresses
REDIS_TIMEOUT_SECONDS = 2.0  # a hung Redis must not hang the login: fall back instead
WARN_EVERY_SECONDS = 60.0  # one warning per outage-minute, not one per guess

DEVICE_COOKIE = "helpline_device"
DEVICE_MAX_AGE_SECONDS = 60 * 24 * 3600  # a device unused for 60 days is a stranger again
DEVICE_MAX_NAMES = 8  # a shared night-shift PC remembers a few staff members, newest first
LUA_DIR = Path(__file__).parent / "lua"


@dataclass(slots=True)
class _State:
    count: int = 0
    next_at: float = 0.0  # refused until (monotonic seconds)
    expires: float = 0.0


class LoginThrottle:
    """Counts attempts in this process (monotonic clock); ``now`` lets tests set that clock."""

    def __init__(
        self,
        max_failures: int = MAX_FAILURES,
        max_per_address: int = MAX_FAILURES_PER_ADDRESS,
        window_seconds: float = WINDOW_SECONDS,
        base_delay: float = BASE_DELAY_SECONDS,
        max_delay: float = MAX_DELAY_SECONDS,
    ) -> None:
        self.max_failures = max_failures
        self.max_per_address = max_per_address
        self.window = window_seconds
        self.base_delay = base_delay
        self.max_delay = max_delay
        self._keys: OrderedDict[str, _State] = OrderedDict()
        self._lock = threading.Lock()  # check-and-count is one step, whatever thread calls it

    def limit(self, key: str) -> int:
        return self.max_per_address if key.startswith("addr:") else self.max_failures

    def delay(self, count: int, limit: int) -> float:
        """The wait after the ``count``-th attempt: none while free, then base, 2 x base, … up to the cap."""
        if count < limit:
            return 0.0
        return min(self.max_delay, self.base_delay * 2 ** min(count - limit, 30))

    async def attempt(self, keys: list[str], now: float | None = None) -> int:
        """Count one login attempt on every key, before its password is checked. 0: go ahead and check
        it; otherwise the whole seconds to wait, and nothing was counted."""
        return self._attempt_here(keys, time.monotonic() if now is None else now)

    async def retry_after(self, keys: list[str], now: float | None = None) -> int:
        """Seconds until these keys may try again (0: now), without counting anything."""
        now = time.monotonic() if now is None else now
        with self._lock:
            return _whole_seconds(max((self._live(key, now).next_at - now for key in keys), default=0))

    async def succeeded(self, keys: list[str]) -> None:
        """A login: the first key (the name, or the device) starts afresh; the others (the address) get
        this attempt back, so a team logging in through one proxy never uses up its address."""
        with self._lock:
            self._keys.pop(keys[0], None)
        await self.refund(keys[1:])

    async def refund(self, keys: list[str], now: float | None = None) -> None:
        """Give back an attempt that was counted but never checked (the password pool was full)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            for key in keys:
                state = self._live(key, now)
                if state.count > 0:
                    state.count -= 1
                    if state.count < self.limit(key):
                        state.next_at = 0.0

    def _attempt_here(self, keys: list[str], now: float) -> int:
        with self._lock:
            states = [self._live(key, now) for key in keys]
            wait = max((state.next_at - now for state in states), default=0)
            if wait > 0:
                return _whole_seconds(wait)
            for key, state in zip(keys, states, strict=True):
                state.count += 1
                pause = self.delay(state.count, self.limit(key))
                state.next_at = now + pause if pause else 0.0
                state.expires = now + pause + self.window
                self._keys[key] = state
                self._keys.move_to_end(key)
            while len(self._keys) > MAX_KEYS:
                self._keys.popitem(last=False)
            return 0

    def _live(self, key: str, now: float) -> _State:
        state = self._keys.get(key)
        if state is None or state.expires <= now:
            self._keys.pop(key, None)
            return _State()
        return state


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
        base_delay: float = BASE_DELAY_SECONDS,
        max_delay: float = MAX_DELAY_SECONDS,
    ) -> None:
        super().__init__(max_failures, max_per_address, window_seconds, base_delay, max_delay)
        self.redis = redis
        self.key_prefix = f"{prefix}:login:tries"
        self._hash_key = hash_key.encode()
        self._script = redis.register_script((LUA_DIR / "login_attempt.lua").read_text())
        self._refund_script = redis.register_script((LUA_DIR / "login_refund.lua").read_text())
        self._outage = OutageWarning(log, "login throttle: Redis unavailable, counting in this process only", WARN_EVERY_SECONDS)

    def redis_key(self, key: str) -> str:
        kind = key.partition(":")[0]
        digest = hmac.new(self._hash_key, key.encode(), hashlib.sha256).hexdigest()
        return f"{self.key_prefix}:{kind}:{digest}"

    async def attempt(self, keys: list[str], now: float | None = None) -> int:
        args = [int(self.base_delay * 1000), int(self.max_delay * 1000), int(self.window * 1000)]
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                wait_ms = await self._script(
                    keys=[self.redis_key(key) for key in keys], args=args + [self.limit(k) for k in keys]
                )
        except (RedisError, OSError, TimeoutError) as err:
            self._outage.report(err)
            return await super().attempt(keys, now)
        return _whole_seconds(int(wait_ms) / 1000)

    async def retry_after(self, keys: list[str], now: float | None = None) -> int:
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS), self.redis.pipeline(transaction=True) as pipe:
                pipe.time()
                for key in keys:
                    pipe.hget(self.redis_key(key), "n")
                server_time, *next_at = await pipe.execute()
        except (RedisError, OSError, TimeoutError) as err:
            self._outage.report(err)
            return await super().retry_after(keys, now)
        now_ms = _ms(server_time)
        return _whole_seconds(max((int(n or 0) - now_ms for n in next_at), default=0) / 1000)

    async def succeeded(self, keys: list[str]) -> None:
        with self._lock:  # also any counts kept here during an earlier outage
            self._keys.pop(keys[0], None)
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                await self.redis.delete(self.redis_key(keys[0]))
        except (RedisError, OSError, TimeoutError) as err:
            self._outage.report(err)
        await self.refund(keys[1:])

    async def refund(self, keys: list[str], now: float | None = None) -> None:
        if not keys:
            return
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                await self._refund_script(
                    keys=[self.redis_key(key) for key in keys], args=[self.limit(key) for key in keys]
                )
        except (RedisError, OSError, TimeoutError) as err:
            self._outage.report(err)
            await super().refund(keys, now)



def normalized_name(name: str) -> str:
    return name.strip().lower()


def throttle_keys(name: str, address: str | None) -> list[str]:
    """The keys of an attempt from a browser the helpline does not know."""
    return [f"name:{normalized_name(name)}", f"addr:{address or 'unknown'}"]


def device_keys(device_id: str) -> list[str]:
    """The only key of an attempt from a known device: the name's and address's counts do not apply."""
    return [f"device:{device_id}"]


# Known devices: ``v1.<device id>.<name tag>~<name tag>….<issued, unix s>.<mac>``. A name tag is an HMAC
# of the login name (the cookie names nobody); the MAC covers the rest. Both keyed from the secret key.


def _mac(secret: str, purpose: str, text: str) -> str:
    key = hashlib.sha256(f"helpline-device-cookie:{purpose}:{secret}".encode()).digest()
    digest = hmac.new(key, text.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def _parse_device(cookie: str | None, secret: str, now: float) -> tuple[str, list[str]] | None:
    if not cookie or len(cookie) > 600:
        return None
    body, _, mac = cookie.rpartition(".")
    if not hmac.compare_digest(mac.encode(), _mac(secret, "sign", body).encode()):
        return None
    parts = body.split(".")
    if len(parts) != 4 or parts[0] != "v1" or not parts[3].isdigit():
        return None
    if now - int(parts[3]) > DEVICE_MAX_AGE_SECONDS:
        return None
    return parts[1], [tag for tag in parts[2].split("~") if tag]


def known_device(cookie: str | None, name: str, secret: str, now: float | None = None) -> str | None:
    """The device id when this signed cookie says the browser logged in as ``name`` before, else None."""
    parsed = _parse_device(cookie, secret, time.time() if now is None else now)
    if parsed is None:
        return None
    device_id, tags = parsed
    return device_id if _mac(secret, "name", normalized_name(name)) in tags else None


def remember_device(cookie: str | None, name: str, secret: str, now: float | None = None) -> str:
    """The cookie value after a successful login as ``name``: same device id, this name first."""
    now = time.time() if now is None else now
    parsed = _parse_device(cookie, secret, now)
    device_id, tags = parsed if parsed else (secrets.token_urlsafe(16), [])
    tag = _mac(secret, "name", normalized_name(name))
    tags = [tag, *(t for t in tags if t != tag)][:DEVICE_MAX_NAMES]
    body = f"v1.{device_id}.{'~'.join(tags)}.{int(now)}"
    return f"{body}.{_mac(secret, 'sign', body)}"


def _ms(server_time: tuple[int, int]) -> int:
    seconds, microseconds = server_time
    return int(seconds) * 1000 + int(microseconds) // 1000


def _whole_seconds(wait: float) -> int:
    return math.ceil(wait) if wait > 0 else 0
