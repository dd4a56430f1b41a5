"""Staff login, sessions, CSRF and roles, through the real app on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import timedelta

import httpx
import pytest
from fastapi import Depends, FastAPI
from handoff_staff import PASSWORD, StaffHelper
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli import app as helpline_cli
from bot.storage.db import transaction
from bot.storage.models import StaffSession, StaffUser, Ticket
from bot.storage.types import utcnow
from handoff.auth import (
    COOKIE_NAME,
    PasswordCheckBusy,
    PasswordWorkers,
    require_roles,
    token_digest,
    verify_csrf,
)
from handoff.canned import canned_responses
from handoff.login_throttle import (
    DEVICE_MAX_AGE_SECONDS,
    LoginThrottle,
    device_keys,
    known_device,
    remember_device,
    throttle_keys,
)
from tests.conftest import say


async def test_password_is_stored_as_argon2id(staff: StaffHelper, app: FastAPI) -> None:
    await staff.add("ana")
    async with app.state.services.sessions() as session:
        user = await session.scalar(select(StaffUser).where(StaffUser.name == "ana"))
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


async def test_wrong_password_gets_no_session(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("ana")
    page = await client.get("/console/login")
    token = re.search(r'name="login_csrf" value="([^"]+)"', page.text).group(1)
    response = await client.post(
        "/console/login", data={"name": "ana", "password": "wrong password!", "login_csrf": token}
    )
    assert response.status_code == 401
    assert "Wrong name or password" in response.text
    assert COOKIE_NAME not in response.cookies
    token = re.search(r'name="login_csrf" value="([^"]+)"', response.text).group(1)  # a fresh form
    unknown = await client.post(
        "/console/login", data={"name": "nobody", "password": "wrong password!", "login_csrf": token}
    )
    assert unknown.status_code == 401
    assert "Wrong name or password" in unknown.text


async def test_login_form_needs_its_own_csrf_token(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("ana")
    response = await client.post("/console/login", data={"name": "ana", "password": PASSWORD})
    assert response.status_code == 403
    assert COOKIE_NAME not in response.cookies


async def test_session_cookie_is_random_and_only_its_hash_is_stored(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("ana")
    page = await client.get("/console/login")
    token = re.search(r'name="login_csrf" value="([^"]+)"', page.text).group(1)
    response = await client.post(
        "/console/login", data={"name": "ana", "password": PASSWORD, "login_csrf": token}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/console"
    set_cookie = next(v for v in response.headers.get_list("set-cookie") if v.startswith(COOKIE_NAME))
    assert "HttpOnly" in set_cookie
    assert "SameSite=lax" in set_cookie or "SameSite=Lax" in set_cookie
    assert "Secure" not in set_cookie  # plain http here; see the https test
    cookie = response.cookies[COOKIE_NAME]
    async with app.state.services.sessions() as session:
        ids = (await session.scalars(select(StaffSession.id))).all()
    assert ids == [token_digest(cookie)]
    assert cookie not in ids


async def test_cookie_is_secure_over_https(staff: StaffHelper, app: FastAPI) -> None:
    await staff.add("ana")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="https://console.example") as client:
        page = await client.get("/console/login")
        token = re.search(r'name="login_csrf" value="([^"]+)"', page.text).group(1)
        response = await client.post(
            "/console/login", data={"name": "ana", "password": PASSWORD, "login_csrf": token}
        )
    set_cookie = next(v for v in response.headers.get_list("set-cookie") if v.startswith(COOKIE_NAME))
    assert "Secure" in set_cookie


async def test_a_new_login_replaces_the_old_session(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("ana")
    await staff.log_in(client, "ana")
    first = client.cookies[COOKIE_NAME]
    await staff.log_in(client, "ana")
    second = client.cookies[COOKIE_NAME]
    assert first != second
    async with app.state.services.sessions() as session:
        ids = (await session.scalars(select(StaffSession.id))).all()
    assert ids == [token_digest(second)]


async def test_not_logged_in_is_401_for_scripts_and_a_redirect_for_pages(client: httpx.AsyncClient) -> None:
    api = await client.get("/console/session")
    assert api.status_code == 401
    page = await client.get("/console/session?x=1", headers={"Accept": "text/html"})
    assert page.status_code == 303
    assert page.headers["location"] == "/console/login?next=%2Fconsole%2Fsession%3Fx%3D1"


async def test_next_is_never_an_open_redirect(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("ana")
    page = await client.get("/console/login?next=//evil.example/x")
    assert 'name="next" value=""' in page.text
    token = re.search(r'name="login_csrf" value="([^"]+)"', page.text).group(1)
    response = await client.post(
        "/console/login",
        data={"name": "ana", "password": PASSWORD, "login_csrf": token, "next": "https://evil.example"},
    )
    assert response.headers["location"] == "/console"


async def test_idle_session_expires(staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient) -> None:
    await staff.add("ana")
    await staff.log_in(client, "ana")
    idle = app.state.settings.staff_session_idle_minutes
    async with transaction(app.state.services.sessions) as session:
        row = await session.scalar(select(StaffSession))
        row.last_seen_at = utcnow() - timedelta(minutes=idle + 1)
    response = await client.get("/console/session")
    assert response.status_code == 401
    async with app.state.services.sessions() as session:
        assert (await session.scalars(select(StaffSession))).all() == []


async def test_logout_needs_csrf_and_ends_the_session(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("ana")
    csrf = await staff.log_in(client, "ana")
    refused = await client.post("/console/logout")
    assert refused.status_code == 403
    wrong = await client.post("/console/logout", data={"csrf_token": "x" + csrf})
    assert wrong.status_code == 403
    assert (await client.get("/console/session")).status_code == 200
    done = await client.post("/console/logout", data={"csrf_token": csrf})
    assert done.status_code == 303
    assert done.headers["location"] == "/console/login"
    async with app.state.services.sessions() as session:
        assert (await session.scalars(select(StaffSession))).all() == []


async def test_disabled_staff_lose_their_session(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("ana")
    await staff.log_in(client, "ana")
    async with transaction(app.state.services.sessions) as session:
        user = await session.scalar(select(StaffUser).where(StaffUser.name == "ana"))
        user.active = False
    assert (await client.get("/console/session")).status_code == 401


@pytest.mark.parametrize(
    ("role", "status"), [("agent", 403), ("programme", 403), ("supervisor", 200), ("admin", 200)]
)
async def test_require_roles(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient, role: str, status: int
) -> None:
    async def supervised() -> dict[str, bool]:
        return {"ok": True}

    app.add_api_route(
        "/test-only/supervised",
        supervised,
        methods=["POST"],
        dependencies=[Depends(require_roles("supervisor", "admin")), Depends(verify_csrf)],
    )
    await staff.add("ana", role)
    csrf = await staff.log_in(client, "ana")
    response = await client.post("/test-only/supervised", headers={"X-CSRF-Token": csrf})
    assert response.status_code == status


async def test_programme_staff_land_on_insights(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("pia", "programme")
    page = await client.get("/console/login")
    token = re.search(r'name="login_csrf" value="([^"]+)"', page.text).group(1)
    response = await client.post(
        "/console/login", data={"name": "pia", "password": PASSWORD, "login_csrf": token, "next": "/console"}
    )
    assert response.headers["location"] == "/insights"


def test_staff_add_command_reads_the_password_from_stdin(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HELPLINE_DATABASE_URL", raising=False)
    runner = CliRunner()
    added = runner.invoke(
        helpline_cli, ["staff", "add", "sri", "--role", "supervisor"], input="a long password 1\n"
    )
    assert added.exit_code == 0, added.output
    assert "role supervisor" in added.output
    again = runner.invoke(helpline_cli, ["staff", "add", "sri"], input="a long password 1\n")
    assert again.exit_code == 1
    short = runner.invoke(helpline_cli, ["staff", "add", "tio"], input="short\n")
    assert short.exit_code == 2
    listed = runner.invoke(helpline_cli, ["staff", "list"])
    assert "sri\tsupervisor\tactive" in listed.output
    assert "tio" not in listed.output


async def test_password_guessing_is_throttled(staff: StaffHelper, client: httpx.AsyncClient) -> None:
    await staff.add("ana")

    async def attempt(password: str) -> httpx.Response:
        page = await client.get("/console/login")
        token = re.search(r'name="login_csrf" value="([^"]+)"', page.text).group(1)
        return await client.post(
            "/console/login", data={"name": "ana", "password": password, "login_csrf": token}
        )

    answers = [(await attempt(f"guess-{n}")).status_code for n in range(7)]
    assert answers == [401] * 5 + [429] * 2
    refused = await attempt(PASSWORD)  # even the right password waits: no oracle while throttled
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0
    assert "Too many attempts for this name" in refused.text


async def test_throttle_counts_before_checking_and_slows_down_without_locking() -> None:
    throttle = LoginThrottle(
        max_failures=2, max_per_address=3, window_seconds=60, base_delay=10, max_delay=40
    )
    keys = throttle_keys("Ana", "10.0.0.1")
    assert await throttle.attempt(keys, now=0) == 0
    assert await throttle.attempt(keys, now=1) == 0  # the second free attempt: the name now waits 10 s
    assert await throttle.attempt(keys, now=2) == 9
    assert await throttle.attempt(keys, now=10.5) == 1  # refused attempts do not lengthen the wait
    assert await throttle.attempt(keys, now=11) == 0  # a slowdown, not a lock
    assert await throttle.retry_after(keys, now=11) == 20  # doubled
    assert await throttle.attempt(keys, now=31) == 0
    assert await throttle.retry_after(keys, now=31) == 40  # and capped
    assert await throttle.attempt(keys, now=71) == 0
    assert await throttle.retry_after(keys, now=71) == 40
    other = throttle_keys("budi", "10.0.0.1")  # same address, other name: the address had 5 attempts
    assert await throttle.attempt(other, now=72) == 39
    assert await throttle.attempt(keys, now=71 + 40 + 61) == 0  # quiet for the window: afresh
    assert await throttle.retry_after(keys, now=172) == 0
    await throttle.succeeded(keys)
    assert await throttle.retry_after(throttle_keys("ana", "10.0.0.2"), now=172) == 0
    assert await throttle.retry_after(device_keys("d1"), now=172) == 0


def test_device_cookie_is_signed_per_name_and_expires() -> None:
    secret = "k" * 40
    cookie = remember_device(None, "Ana", secret, now=1_000)
    device = known_device(cookie, " ana ", secret, now=2_000)
    assert device
    assert "ana" not in cookie.lower().replace(device.lower(), "")  # the cookie names nobody
    assert known_device(cookie, "budi", secret, now=2_000) is None
    assert known_device(cookie, "ana", "x" * 40, now=2_000) is None  # another key
    assert known_device(cookie[:-2] + "AA", "ana", secret, now=2_000) is None
    assert known_device(cookie.replace("v1.", "v2.", 1), "ana", secret, now=2_000) is None
    assert known_device(cookie, "ana", secret, now=1_000 + DEVICE_MAX_AGE_SECONDS + 1) is None
    shared = remember_device(cookie, "budi", secret, now=3_000)  # a shared PC: same device, both names
    assert known_device(shared, "ana", secret, now=3_000) == known_device(shared, "budi", secret, now=3_000)
    assert known_device(shared, "ana", secret, now=3_000) == device


async def test_password_pool_refuses_beyond_its_places_and_keeps_a_reserve() -> None:
    workers = PasswordWorkers(threads=1, queue=1, reserve=1)
    gate = threading.Event()
    try:
        running = asyncio.ensure_future(workers.run(gate.wait))
        waiting = asyncio.ensure_future(workers.run(lambda: "queued"))
        await asyncio.sleep(0)
        with pytest.raises(PasswordCheckBusy):
            await workers.run(lambda: "third")
        priority = asyncio.ensure_future(workers.run(lambda: "known device", priority=True))
        await asyncio.sleep(0)
        with pytest.raises(PasswordCheckBusy):
            await workers.run(lambda: "fourth", priority=True)
        gate.set()
        assert await asyncio.gather(running, waiting, priority) == [True, "queued", "known device"]
        assert workers.in_use == 0
    finally:
        gate.set()
        workers.shutdown()


def test_canned_greeting_never_carries_a_staff_name() -> None:
    canned = canned_responses()
    for lang in ("id", "en"):
        greeting = next(c for c in canned[lang] if c["id"] == "greeting")["text"]
        assert "{staff}" not in greeting
        assert ("petugas" if lang == "id" else "member of the helpline team") in greeting
    assert all("{staff}" not in str(c.get("text")) for lang in ("id", "en") for c in canned[lang])


async def test_ticket_page_greeting_does_not_name_the_staff_member(
    staff: StaffHelper, app: FastAPI, client: httpx.AsyncClient
) -> None:
    await staff.add("tio.login")
    await say(client, "user-greeting-1", button="emergency")
    async with app.state.services.sessions() as session:
        ticket_id = await session.scalar(select(func.max(Ticket.id)))
    csrf = await staff.log_in(client, "tio.login")
    claimed = await client.post(
        f"/console/tickets/{ticket_id}/claim", headers={"Accept": "application/json", "X-CSRF-Token": csrf}
    )
    assert claimed.status_code == 200, claimed.text
    page = await client.get(f"/console/tickets/{ticket_id}")
    assert page.status_code == 200, page.text
    offered = re.findall(r'data-text="([^"]*)"', page.text)
    assert any("helpline" in text for text in offered), offered  # the greeting is offered
    assert not any("tio" in text.lower() for text in offered), offered  # without the login name
