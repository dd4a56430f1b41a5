"""The console login throttle on real Redis: app processes share the attempt counts (counted before
the password is checked, atomically), waits double, keys expire and hide names, addresses and devices,
and an unreachable Redis falls back to this process' counts without stopping staff from logging in."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from handoff_staff import PASSWORD, StaffHelper

from bot.app import create_app
from bot.settings import Settings
from handoff.login_throttle import (
    BASE_DELAY_SECONDS,
    MAX_FAILURES,
    RedisLoginThrottle,
    device_keys,
    throttle_keys,
)
from handoff.redis_queue import connect
from tests.conftest import REDIS_URL, real_redis

pytestmark = pytest.mark.redis
HASH_KEY = "h" * 40
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens there: every call fails as in an outage


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    """A key prefix of this test's own on the real Redis; its keys are deleted afterwards."""
    redis = await real_redis()
    name = f"helpline-test-{uuid.uuid4().hex[:10]}"
    yield name
    keys = [k async for k in redis.scan_iter(match=f"{name}:*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


@pytest.fixture
async def process(prefix: str) -> AsyncIterator[Callable[..., RedisLoginThrottle]]:
    """Makes throttles with a Redis client each, as separate app processes have."""
    made: list[RedisLoginThrottle] = []

    def make(**limits: Any) -> RedisLoginThrottle:
        made.append(RedisLoginThrottle(connect(REDIS_URL), prefix, HASH_KEY, **limits))
        return made[-1]

    yield make
    for throttle in made:
        await throttle.redis.aclose()


async def test_two_processes_refuse_after_their_combined_attempts(
    process: Callable[..., RedisLoginThrottle],
) -> None:
    one, two = process(), process()
    keys = throttle_keys("Ana", "10.0.0.1")
    for n in range(MAX_FAILURES):  # each process alone stays below the limit
        assert await (one if n % 2 else two).attempt(keys) == 0
    assert 0 < await one.retry_after(keys) <= BASE_DELAY_SECONDS
    assert await two.attempt(throttle_keys(" ANA ", "10.0.0.2")) > 0  # the name, from anywhere
    assert await one.attempt(throttle_keys("budi", "10.0.0.2")) == 0  # another name is not slowed


async def test_simultaneous_attempts_are_counted_before_any_check(
    process: Callable[..., RedisLoginThrottle],
) -> None:
    one, two = process(), process()
    keys = throttle_keys("ana", "10.0.0.1")
    waits = await asyncio.gather(*(throttle.attempt(keys) for throttle in [one, two] * 20))
    assert waits.count(0) == MAX_FAILURES  # of 40 at once, exactly the limit go ahead
    assert all(0 < wait <= BASE_DELAY_SECONDS for wait in waits if wait)
    assert await one.redis.hget(one.redis_key(keys[0]), "c") == str(MAX_FAILURES)  # refused: uncounted


async def test_the_wait_doubles_and_the_keys_expire(process: Callable[..., RedisLoginThrottle]) -> None:
    one = process(max_failures=2, window_seconds=0.5, base_delay=0.2, max_delay=0.4)
    two = process(max_failures=2, window_seconds=0.5, base_delay=0.2, max_delay=0.4)
    keys = throttle_keys("ana", "10.0.0.1")
    assert [await one.attempt(keys), await two.attempt(keys)] == [0, 0]
    assert await one.attempt(keys) == 1  # 0.2 s, in whole seconds
    stored = [one.redis_key(key) for key in keys]
    for key in stored:
        assert 0 < await one.redis.pttl(key) <= 700  # the wait plus the quiet window
    await asyncio.sleep(0.25)
    assert await two.attempt(keys) == 0  # the third attempt, after the wait
    next_at = int(await one.redis.hget(stored[0], "n"))
    seconds, micros = await one.redis.time()
    now = seconds * 1000 + micros // 1000
    assert 300 <= next_at - now <= 500  # doubled: 0.4 s (the cap)
    await asyncio.sleep(1.0)
    assert await one.redis.exists(*stored) == 0  # nothing piles up
    assert await two.attempt(keys) == 0


async def test_success_clears_the_name_and_gives_the_address_its_attempt_back(
    process: Callable[..., RedisLoginThrottle],
) -> None:
    one, two = process(max_failures=2, max_per_address=3), process(max_failures=2, max_per_address=3)
    keys = throttle_keys("ana", "10.0.0.1")
    await one.attempt(keys)
    await one.attempt(keys)
    assert await two.retry_after(keys) > 0
    await two.succeeded(keys)
    assert await one.redis.exists(one.redis_key(keys[0])) == 0
    assert await one.redis.hget(one.redis_key(keys[1]), "c") == "1"  # one failure, one login
    assert await one.retry_after(keys) == 0
    await one.attempt(throttle_keys("budi", "10.0.0.1"))
    await one.attempt(throttle_keys("cici", "10.0.0.1"))  # the address's third failure
    assert await two.attempt(throttle_keys("dedi", "10.0.0.1")) > 0
    await two.refund(throttle_keys("cici", "10.0.0.1"))  # never checked: given back
    assert await one.attempt(throttle_keys("dedi", "10.0.0.1")) == 0


async def test_keys_carry_the_prefix_and_no_name_address_or_device(
    process: Callable[..., RedisLoginThrottle], prefix: str
) -> None:
    throttle = process()
    await throttle.attempt(throttle_keys("Maria.Ulfa", "192.0.2.7"))
    await throttle.attempt(device_keys("dev1ce-1d"))
    redis = throttle.redis
    stored = sorted([k async for k in redis.scan_iter(match=f"{prefix}:*")])
    assert [k.rsplit(":", 1)[0] for k in stored] == [
        f"{prefix}:login:tries:{kind}" for kind in ("addr", "device", "name")
    ]
    dump = " ".join(k.removeprefix(prefix) for k in stored).lower()
    assert "maria" not in dump and "192.0.2.7" not in dump and "dev1ce" not in dump
    assert hashlib.sha256(b"name:maria.ulfa").hexdigest() not in dump  # keyed: no dictionary lookup


async def test_unreachable_redis_falls_back_to_this_process(caplog: pytest.LogCaptureFixture) -> None:
    down = RedisLoginThrottle(connect(CLOSED_PORT_URL), "helpline-test-down", HASH_KEY, max_failures=2)
    keys = throttle_keys("ana", "10.0.0.1")
    try:
        with caplog.at_level(logging.WARNING, logger="handoff.login_throttle"):
            assert await down.retry_after(keys) == 0
            assert await down.attempt(keys) == 0  # one login attempt: one warning, no exception
        assert len(caplog.records) == 1 and not caplog.records[0].exc_info
        assert await down.attempt(keys) == 0
        assert await down.attempt(keys) > 0  # still throttled, on this process' counts
        await down.succeeded(keys)
        assert await down.attempt(keys) == 0
    finally:
        await down.redis.aclose()


# Through the console: two app processes (two apps on one database and one Redis).


@pytest.fixture
def handoff_overrides(prefix: str) -> dict[str, Any]:
    return {"redis_url": REDIS_URL, "redis_prefix": prefix}


async def attempt(client: httpx.AsyncClient, name: str, password: str) -> httpx.Response:
    page = await client.get("/console/login")
    token = re.search(r'name="login_csrf" value="([^"]+)"', page.text).group(1)
    return await client.post("/console/login", data={"name": name, "password": password, "login_csrf": token})


# Several processes on one database only exist on PostgreSQL (`helpline run --workers N` refuses
# SQLite); two apps on one SQLite file in one event loop are no deployment, and once hung CI.
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_console_guesses_count_across_processes(
    app: FastAPI, settings: Settings, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    assert isinstance(app.state.services.extras["login_throttle"], RedisLoginThrottle)
    await staff.add("ana")
    second = create_app(settings, migrate=True)
    transport = httpx.ASGITransport(app=second, raise_app_exceptions=False)
    async with (
        second.router.lifespan_context(second),
        httpx.AsyncClient(transport=transport, base_url="http://testserver") as other,
    ):
        codes = [
            (await attempt(client if n % 2 else other, "ana", f"guess-{n}")).status_code
            for n in range(MAX_FAILURES)
        ]
        assert codes == [401] * MAX_FAILURES  # neither process alone saw more than three
        for either in (client, other):
            refused = await attempt(either, "ana", PASSWORD)
            assert refused.status_code == 429
            assert int(refused.headers["retry-after"]) > 0


async def test_console_login_works_while_redis_is_unreachable(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    extras = app.state.services.extras
    working = extras["login_throttle"]
    extras["login_throttle"] = down = RedisLoginThrottle(
        connect(CLOSED_PORT_URL), app.state.settings.redis_prefix, HASH_KEY
    )
    try:
        assert (await attempt(client, "ana", "wrong password!")).status_code == 401
        await staff.log_in(client, "ana")  # a 303: staff get in during the outage
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://testserver"
        ) as stranger:  # a browser without the device cookie the login above set
            codes = [
                (await attempt(stranger, "ana", f"guess-{n}")).status_code for n in range(MAX_FAILURES + 1)
            ]
        assert codes == [401] * MAX_FAILURES + [429]  # and guessing is still cut off
    finally:
        extras["login_throttle"] = working
        await down.redis.aclose()
