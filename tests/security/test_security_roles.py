"""Roles on every console and insights route: programme staff never reach transcripts, agents never
reach the programme dashboard, and nobody reaches anything without logging in."""

from __future__ import annotations

import httpx
import pytest
from access import NEVER_FETCH, PUBLIC, STATE_CHANGING, a_ticket, concrete, role_may, staff_routes
from fastapi import FastAPI
from security_helpers import add_staff, csrf_of, log_in

from bot.app import create_app
from bot.settings import load_settings

ROLES = ("agent", "supervisor", "programme", "admin")
INSIGHTS_MOUNTED = any(
    getattr(r, "path", "").startswith("/insights") for r in create_app(load_settings()).routes
)


async def test_insights_dashboard_is_served(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_staff(app, "pat", "programme")
    assert (await log_in(client, "pat")).status_code == 303
    assert (await client.get("/insights")).status_code == 200


async def test_nothing_but_the_login_page_without_logging_in(app: FastAPI, client: httpx.AsyncClient) -> None:
    ticket_id = await a_ticket(app, client)
    checked = 0
    for method, template in staff_routes(app):
        if PUBLIC.match(template):
            continue
        response = await client.request(
            method, concrete(template, ticket_id), headers={"Accept": "text/html"}, follow_redirects=False
        )
        if response.status_code == 303:
            assert response.headers["location"].startswith("/console/login"), (template, response.headers)
        else:
            assert response.status_code in (401, 403), (method, template, response.status_code)
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("role", ROLES)
async def test_each_role_reaches_exactly_what_the_design_allows(
    app: FastAPI, client: httpx.AsyncClient, role: str
) -> None:
    ticket_id = await a_ticket(app, client)
    await add_staff(app, f"user-{role}", role)
    assert (await log_in(client, f"user-{role}")).status_code == 303
    csrf = await csrf_of(client)
    refused, allowed = [], []
    for method, template in staff_routes(app):
        if PUBLIC.match(template) or template.endswith("/logout"):
            continue
        may = role_may(role, template)
        if may and (template in NEVER_FETCH or method in STATE_CHANGING):
            continue  # allowed actions are the console tests' business; here only refusals matter
        response = await client.request(
            method,
            concrete(template, ticket_id),
            headers={"X-CSRF-Token": csrf, "Accept": "application/json"},
            data={"text": "x", "available": "true", "outcome": "resolved", "to_staff_id": "1"},
            follow_redirects=False,
        )
        if may:
            assert response.status_code < 400, (role, method, template, response.status_code, response.text)
            allowed.append(template)
        else:
            assert response.status_code == 403, (role, method, template, response.status_code, response.text)
            refused.append(template)
    assert allowed or refused
    if role == "programme":
        assert "/console/tickets/{ticket_id}" in refused
        assert "/console/tickets/{ticket_id}/messages" in refused
    if role == "agent" and INSIGHTS_MOUNTED:
        assert "/insights" in refused


async def test_programme_staff_land_on_insights_not_the_console(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_staff(app, "pat", "programme")
    response = await log_in(client, "pat")
    assert response.status_code == 303
    assert response.headers["location"] == "/insights"
    page = await client.get("/console", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 403
