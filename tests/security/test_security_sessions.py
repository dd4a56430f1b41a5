"""Console session cookies: flags, a new id at every login, and every way a session must end."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from http.cookies import SimpleCookie

import httpx
import pytest
from access import a_ticket
from fastapi import FastAPI
from security_helpers import PASSWORD, add_staff, log_in, login_csrf
from sqlalchemy import select, update
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.storage.db import transaction
from bot.storage.models import StaffSession, StaffUser
from bot.storage.types import utcnow
from handoff.auth import COOKIE_NAME, MAX_SESSION_AGE
from handoff.console import pages
from handoff.console.login import LOGIN_CSRF_COOKIE

STAFF_COOKIE_PATHS = ("/console/session", "/console/queue.json")


def session_cookie(response: httpx.Response) -> SimpleCookie:
    headers = [v for k, v in response.headers.multi_items() if k == "set-cookie" and COOKIE_NAME in v]
    assert len(headers) == 1, headers
    cookie: SimpleCookie = SimpleCookie()
    cookie.load(headers[0])
    return cookie


def flags_of(response: httpx.Response, name: str) -> str:
    return next(v for k, v in response.headers.multi_items() if k == "set-cookie" and name in v).lower()


def flags(response: httpx.Response) -> str:
    return flags_of(response, COOKIE_NAME)


async def is_logged_in(client: httpx.AsyncClient) -> bool:
    answers = {(await client.get(path)).status_code for path in STAFF_COOKIE_PATHS}
    assert answers <= {200, 401}, answers
    assert len(answers) == 1, answers
    return answers == {200}


async def test_cookie_is_httponly_samesite_and_not_secure_over_plain_http(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_staff(app, "ana", "agent")
    response = await log_in(client, "ana")
    assert response.status_code == 303
    morsel = session_cookie(response)[COOKIE_NAME]
    assert morsel["httponly"] is True
    assert morsel["samesite"].lower() in ("lax", "strict")
    assert morsel["path"] == "/"
    assert len(morsel.value) >= 32
    assert "domain=" not in flags(response)


async def test_cookie_is_secure_when_served_over_https(app: FastAPI, https_client: httpx.AsyncClient) -> None:
    await add_staff(app, "ana", "agent")
    response = await log_in(https_client, "ana")
    assert response.status_code == 303
    assert "; secure" in flags(response)
    assert session_cookie(response)[COOKIE_NAME]["httponly"] is True


async def test_cookie_is_secure_behind_a_tls_proxy(app: FastAPI) -> None:
    """`helpline run` starts uvicorn with proxy_headers: X-Forwarded-Proto from the proxy counts."""
    proxied = ProxyHeadersMiddleware(app, trusted_hosts="127.0.0.1")
    transport = httpx.ASGITransport(app=proxied, raise_app_exceptions=False, client=("127.0.0.1", 5000))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://helpline.internal", headers={"X-Forwarded-Proto": "https"}
    ) as behind_proxy:
        await add_staff(app, "ana", "agent")
        page = await behind_proxy.get("/console/login")
        assert "; secure" in flags_of(page, LOGIN_CSRF_COOKIE)
        # httpx keeps Secure cookies for https URLs only; the browser talks https to the proxy.
        cookie = f"{LOGIN_CSRF_COOKIE}={page.cookies[LOGIN_CSRF_COOKIE]}"
        form = {"name": "ana", "password": PASSWORD, "login_csrf": login_csrf(page)}
        response = await behind_proxy.post("/console/login", data=form, headers={"Cookie": cookie})
    assert response.status_code == 303, response.text
    assert "; secure" in flags(response)


async def test_login_issues_a_new_session_id_and_ignores_a_planted_one(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_staff(app, "ana", "agent")
    planted = "attacker-chosen-session-id-0123456789abcdef"
    client.cookies.set(COOKIE_NAME, planted)
    first = session_cookie(await log_in(client, "ana"))[COOKIE_NAME].value
    assert first != planted
    second = session_cookie(await log_in(client, "ana"))[COOKIE_NAME].value
    assert second not in (first, planted)
    # The session before the second login is over: an old cookie copied by someone else is worthless.
    async with httpx.AsyncClient(transport=client._transport, base_url="http://testserver") as other:
        other.cookies.set(COOKIE_NAME, first)
        assert not await is_logged_in(other)
        other.cookies.set(COOKIE_NAME, second)
        assert await is_logged_in(other)


async def test_session_ends_at_logout_even_for_a_copied_cookie(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_staff(app, "ana", "agent")
    token = session_cookie(await log_in(client, "ana"))[COOKIE_NAME].value
    csrf = (await client.get("/console/session")).json()["csrf_token"]
    out = await client.post("/console/logout", headers={"X-CSRF-Token": csrf})
    assert out.status_code == 303
    assert "max-age=0" in flags(out) or "expires=" in flags(out)
    client.cookies.set(COOKIE_NAME, token)  # a copy kept from before the logout
    assert not await is_logged_in(client)


async def test_session_ends_when_the_account_is_disabled(app: FastAPI, client: httpx.AsyncClient) -> None:
    staff_id = await add_staff(app, "ana", "agent")
    await log_in(client, "ana")
    assert await is_logged_in(client)
    async with transaction(app.state.services.sessions) as session:
        await session.execute(update(StaffUser).where(StaffUser.id == staff_id).values(active=False))
    assert not await is_logged_in(client)
    again = await log_in(client, "ana")
    assert again.status_code == 401


@pytest.mark.parametrize("overrides", [{"staff_session_idle_minutes": 5}], indirect=True)
async def test_session_ends_after_the_idle_timeout(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_staff(app, "ana", "agent")
    await log_in(client, "ana")
    async with transaction(app.state.services.sessions) as session:
        await session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=4)))
    assert await is_logged_in(client)  # 4 idle minutes of 5: still on
    async with transaction(app.state.services.sessions) as session:
        await session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=6)))
    assert not await is_logged_in(client)


async def test_session_ends_after_its_maximum_age_however_busy(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_staff(app, "ana", "agent")
    await log_in(client, "ana")
    async with transaction(app.state.services.sessions) as session:
        await session.execute(
            update(StaffSession).values(
                created_at=utcnow() - MAX_SESSION_AGE - timedelta(minutes=1), last_seen_at=utcnow()
            )
        )
    assert not await is_logged_in(client)


# What an open console page fetches by itself; none of it may keep the session alive.
BACKGROUND = ("/console/queue", "/console/queue.json", "/console/events")


async def session_seen_at(app: FastAPI) -> datetime:
    async with app.state.services.sessions() as session:
        seen = await session.scalar(select(StaffSession.last_seen_at))
    assert seen is not None
    return seen


async def set_idle(app: FastAPI, minutes: float) -> None:
    async with transaction(app.state.services.sessions) as session:
        await session.execute(update(StaffSession).values(last_seen_at=utcnow() - timedelta(minutes=minutes)))


@pytest.mark.parametrize("overrides", [{"staff_session_idle_minutes": 5}], indirect=True)
async def test_idle_session_expires_even_while_the_page_keeps_polling(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "STREAM_SECONDS", 0.5)  # each stream ends at once, as a reconnect would
    await add_staff(app, "ana", "agent")
    await log_in(client, "ana")
    ticket_id = await a_ticket(app, client)
    await set_idle(app, 4)
    idle_since = await session_seen_at(app)
    for path in (*BACKGROUND, f"/console/tickets/{ticket_id}/messages"):
        assert (await client.get(path)).status_code == 200, path
    assert await session_seen_at(app) == idle_since  # polling is not activity
    await set_idle(app, 6)  # the idle minutes pass with the page still open
    for path in (*BACKGROUND, f"/console/tickets/{ticket_id}/messages"):
        assert (await client.get(path)).status_code == 401, path
    assert (await client.get("/console", headers={"Accept": "text/html"})).status_code == 303


@pytest.mark.parametrize("overrides", [{"staff_session_idle_minutes": 5}], indirect=True)
async def test_a_real_page_load_counts_as_activity(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_staff(app, "ana", "agent")
    await log_in(client, "ana")
    await set_idle(app, 4)
    idle_since = await session_seen_at(app)
    assert (await client.get("/console")).status_code == 200
    assert await session_seen_at(app) > idle_since
    await set_idle(app, 2)
    assert await is_logged_in(client)


async def open_stream(app: FastAPI, client: httpx.AsyncClient) -> asyncio.Task[httpx.Response]:
    """The live stream, read to its end in the background (the ASGI transport returns it whole)."""
    task = asyncio.create_task(client.get("/console/events"))
    await asyncio.sleep(0.5)
    assert not task.done(), "the stream ended by itself"
    return task


async def stream_ends_soon(task: asyncio.Task[httpx.Response]) -> str:
    started = time.monotonic()
    response = await asyncio.wait_for(task, timeout=10)
    assert time.monotonic() - started < pages.SESSION_CHECK_SECONDS + 3
    assert response.status_code == 200
    assert "event: session.ended" in response.text, response.text
    return response.text


async def test_the_live_stream_closes_when_the_account_is_disabled(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    staff_id = await add_staff(app, "ana", "agent")
    await log_in(client, "ana")
    task = await open_stream(app, client)
    async with transaction(app.state.services.sessions) as session:
        await session.execute(update(StaffUser).where(StaffUser.id == staff_id).values(active=False))
    await stream_ends_soon(task)
    assert (await client.get("/console/events")).status_code == 401  # and it cannot reconnect


@pytest.mark.parametrize("overrides", [{"staff_session_idle_minutes": 5}], indirect=True)
async def test_the_live_stream_closes_at_the_idle_timeout_and_at_logout(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_staff(app, "ana", "agent")
    await log_in(client, "ana")
    task = await open_stream(app, client)
    await set_idle(app, 6)
    await stream_ends_soon(task)
    await log_in(client, "ana")
    task = await open_stream(app, client)
    async with httpx.AsyncClient(transport=client._transport, base_url="http://testserver") as other:
        other.cookies.set(COOKIE_NAME, client.cookies[COOKIE_NAME])
        csrf = (await other.get("/console/session")).json()["csrf_token"]
        assert (await other.post("/console/logout", headers={"X-CSRF-Token": csrf})).status_code == 303
    await stream_ends_soon(task)
