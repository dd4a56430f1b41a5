"""Login under attack (handoff/README.md "Logins under attack"): every attempt is counted before its
password is checked, so simultaneous guesses cannot race the limit; a known device still logs in while
its name is hammered; more checks at once than the password pool holds are refused fast, not queued."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from security_helpers import BOTH_DATABASES, PASSWORD, add_staff, log_in, login_csrf

from handoff.auth import COOKIE_NAME, PasswordWorkers
from handoff.login_throttle import DEVICE_COOKIE, MAX_FAILURES, LoginThrottle

GUESSES = 12
CONCURRENT = 40


async def post_login(client: httpx.AsyncClient, token: str, name: str, password: str) -> httpx.Response:
    return await client.post("/console/login", data={"name": name, "password": password, "login_csrf": token})


@contextlib.asynccontextmanager
async def browsers(app: FastAPI, count: int) -> AsyncIterator[list[tuple[httpx.AsyncClient, str]]]:
    """``count`` fresh browsers (one address) with the login form open: (client, its form token).
    Each needs its own: every answer sets a new form cookie."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with contextlib.AsyncExitStack() as stack:
        found = []
        for _ in range(count):
            client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
            await stack.enter_async_context(client)
            found.append((client, login_csrf(await client.get("/console/login"))))
        yield found


async def test_repeated_wrong_passwords_are_throttled(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_staff(app, "ana", "agent")
    answers = [(await log_in(client, "ana", f"guess-number-{n:04d}")) for n in range(GUESSES)]
    codes = [a.status_code for a in answers]
    assert codes == [401] * MAX_FAILURES + [429] * (GUESSES - MAX_FAILURES), codes
    assert int(answers[-1].headers["retry-after"]) > 0
    # While the name waits, even the right password from a stranger's browser is not checked.
    right = await log_in(client, "ana")
    assert right.status_code == 429
    assert COOKIE_NAME not in right.headers.get("set-cookie", "")


async def test_guessing_many_names_from_one_address_is_throttled(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    codes = [(await log_in(client, f"nobody-{n:03d}", "wrong password!")).status_code for n in range(26)]
    assert codes == [401] * 20 + [429] * 6, codes


@pytest.mark.parametrize("database_url", BOTH_DATABASES, indirect=True)
async def test_simultaneous_guesses_get_only_the_limit_checked(app: FastAPI) -> None:
    await add_staff(app, "ana", "agent")
    passwords = [f"guess-number-{n:04d}" for n in range(CONCURRENT - 1)] + [PASSWORD]  # the right one last
    async with browsers(app, CONCURRENT) as forms:
        answers = await asyncio.gather(
            *(post_login(c, token, "ana", p) for (c, token), p in zip(forms, passwords, strict=True))
        )
    codes = [a.status_code for a in answers]
    checked = [code for code in codes if code != 429]
    assert len(checked) <= MAX_FAILURES, codes  # counted before checking: no race past the limit
    assert set(checked) <= {401}, codes
    assert codes[-1] == 429, codes  # the right password came after the limit: it did not get in
    assert not any(COOKIE_NAME in a.headers.get("set-cookie", "") for a in answers)


@pytest.mark.parametrize("database_url", BOTH_DATABASES, indirect=True)
async def test_known_device_logs_in_while_its_name_is_under_attack(app: FastAPI) -> None:
    await add_staff(app, "ana", "agent")
    async with browsers(app, 1) as [(desk, _)]:
        assert (await log_in(desk, "ana")).status_code == 303  # the night-shift PC, once
        assert desk.cookies.get(DEVICE_COOKIE)
        await desk.post("/console/logout", headers={"X-CSRF-Token": await csrf(desk)})
        async with browsers(app, CONCURRENT + 1) as forms:
            attack = await asyncio.gather(
                *(post_login(c, token, "ana", f"guess-{n}") for n, (c, token) in enumerate(forms[1:]))
            )
            assert {a.status_code for a in attack} == {401, 429}
            stranger, token = forms[0]
            assert (await post_login(stranger, token, "ana", PASSWORD)).status_code == 429  # the name waits
        back = await log_in(desk, "ana")
        assert back.status_code == 303, back.text  # and its owner's device is let in
        assert COOKIE_NAME in back.headers.get("set-cookie", "")
        # A device cookie counts only for the names that logged in on it, and only as signed.
        assert (await log_in(desk, "budi", "wrong password!")).status_code == 401
        async with browsers(app, 1) as [(forged, _)]:
            forged.cookies.set(DEVICE_COOKIE, desk.cookies[DEVICE_COOKIE][:-3] + "AAA", path="/console/login")
            assert (await log_in(forged, "ana")).status_code == 429


async def test_more_checks_than_the_pool_holds_are_refused_fast(app: FastAPI) -> None:
    """One hashing thread (kept busy here) and one waiting place: all other attempts are answered 503
    "busy" at once, while the thread is still busy, instead of queueing for it."""
    extras = app.state.services.extras
    extras["password_workers"] = workers = PasswordWorkers(threads=1, queue=1, reserve=0)
    extras["login_throttle"] = throttle = LoginThrottle(max_failures=100, max_per_address=100)
    gate = threading.Event()
    try:
        hashing = asyncio.ensure_future(workers.run(gate.wait))  # a long Argon2 check on the only thread
        async with browsers(app, 20) as forms:
            guesses = [
                asyncio.ensure_future(post_login(c, token, f"nobody-{n}", "wrong password!"))
                for n, (c, token) in enumerate(forms)
            ]
            async with asyncio.timeout(60):  # a hang guard, not a speed target
                while sum(g.done() for g in guesses) < len(guesses) - 1:
                    await asyncio.sleep(0.01)
            refused = [g.result() for g in guesses if g.done()]
            assert [r.status_code for r in refused] == [503] * 19  # answered while the thread was busy
            for answer in refused:
                assert answer.headers["retry-after"] == "2"
                assert "The server is busy checking other log-ins" in answer.text
            gate.set()
            await asyncio.gather(*guesses)
        waited = [g.result().status_code for g in guesses if g.result().status_code != 503]
        assert waited == [401]  # the one waiting place was checked
        await hashing
        assert workers.in_use == 0
        # Refused attempts were given back: the address has used one attempt, not twenty.
        assert throttle._live("addr:127.0.0.1", time.monotonic()).count == 1
    finally:
        gate.set()
        workers.shutdown()


async def csrf(client: httpx.AsyncClient) -> str:
    who = await client.get("/console/session")
    assert who.status_code == 200, who.text
    return str(who.json()["csrf_token"])
