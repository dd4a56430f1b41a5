"""CSRF: every state-changing console and insights route refuses a missing or wrong token."""

from __future__ import annotations

import httpx
import pytest
from access import STATE_CHANGING, a_ticket, concrete, csrf_protected, staff_routes
from fastapi import FastAPI
from security_helpers import add_staff, csrf_of, log_in, login_csrf, stored

from handoff.auth import COOKIE_NAME

LOGIN = ("POST", "/console/login")  # no session yet: its own double-submit token, tested below


def state_changing(app: FastAPI) -> list[tuple[str, str]]:
    routes = [(m, p) for m, p in staff_routes(app) if m in STATE_CHANGING and (m, p) != LOGIN]
    assert len(routes) >= 8, routes  # claim, next, reply, notes, transfer, close, return, presence, logout
    return routes


def test_every_state_changing_route_declares_the_csrf_check(app: FastAPI) -> None:
    missing = [f"{m} {p}" for m, p in state_changing(app) if not csrf_protected(app, p)]
    assert missing == []


async def test_every_state_changing_route_refuses_a_missing_or_wrong_token(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_staff(app, "admin1", "admin")
    await add_staff(app, "agent2", "agent")
    ticket_id = await a_ticket(app, client)
    # A second staff member's own, valid token: right format, wrong session.
    transport = client._transport
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        assert (await log_in(other, "agent2")).status_code == 303
        foreign = await csrf_of(other)
    assert (await log_in(client, "admin1")).status_code == 303
    good = await csrf_of(client)
    form = {"text": "halo", "to_staff_id": "1", "outcome": "resolved", "available": "true"}
    before = await stored(app)
    for method, template in state_changing(app):
        path = concrete(template, ticket_id)
        attempts = {
            "no token": {"data": form},
            "empty header": {"data": form, "headers": {"X-CSRF-Token": ""}},
            "wrong header": {"data": form, "headers": {"X-CSRF-Token": good[:-2] + "xx"}},
            "wrong form field": {"data": {**form, "csrf_token": "x" * len(good)}},
            "another session's token": {"data": form, "headers": {"X-CSRF-Token": foreign}},
            "json, no token": {"json": form, "headers": {"Accept": "application/json"}},
        }
        for what, kwargs in attempts.items():
            response = await client.request(method, path, **kwargs)
            assert response.status_code == 403, (method, path, what, response.status_code, response.text)
    assert await stored(app) == before  # nothing was sent, noted or closed
    assert (await client.get("/console/session")).status_code == 200  # still logged in: logout refused too
    # The control: the right token passes the check (whatever the action then says).
    for method, template in state_changing(app):
        if template.endswith("/logout"):
            continue
        response = await client.request(
            method, concrete(template, ticket_id), data={**form, "csrf_token": good}, follow_redirects=False
        )
        assert response.status_code != 403 or "CSRF" not in response.text, (template, response.text)


@pytest.mark.parametrize("tamper", ["missing", "wrong", "no cookie"])
async def test_login_form_needs_its_double_submit_token(
    app: FastAPI, client: httpx.AsyncClient, tamper: str
) -> None:
    await add_staff(app, "ana", "agent")
    page = await client.get("/console/login")
    token = login_csrf(page)
    data = {"name": "ana", "password": "Sandi-Rahasia-Staf-2026!"}
    if tamper == "wrong":
        data["login_csrf"] = token[::-1]
    elif tamper == "no cookie":
        data["login_csrf"] = token
        client.cookies.clear()
    response = await client.post("/console/login", data=data)
    assert response.status_code == 403, response.text
    assert COOKIE_NAME not in response.headers.get("set-cookie", "")
