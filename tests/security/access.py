"""Route discovery for the access tests: every console and insights route, read from the app itself,
so a route added later is covered without touching the tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from bot.storage.models import Ticket
from handoff.auth import verify_csrf

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
STAFF_AREAS = ("/console", "/insights")
# Open to anyone: the login form and files the login page itself needs.
PUBLIC = re.compile(r"^/console/(login|static/.*)$")
# Any logged-in staff member, whatever the role (their own session, and leaving it).
ANY_STAFF = frozenset({"/console/session", "/console/logout"})
NEVER_FETCH = frozenset({"/console/events"})  # an endless stream: only its refusals are checked


def _flatten(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        nested = getattr(route, "effective_candidates", None)  # FastAPI >= 0.16x: included routers
        if callable(nested):
            yield from _flatten(nested())
        elif getattr(route, "routes", None) is not None and not hasattr(route, "methods"):
            yield from _flatten(route.routes)  # a mounted sub-application
        else:
            yield route


def api_routes(app: FastAPI) -> list[Any]:
    """Every FastAPI endpoint (path, methods, dependant), included routers flattened."""
    found = [r for r in _flatten(app.routes) if getattr(r, "dependant", None) is not None]
    assert any(r.path == "/chat/messages" for r in found), "route discovery found nothing"
    return found


def staff_routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path template) of every route under /console and /insights."""
    found = []
    for route in api_routes(app):
        if route.path.startswith(STAFF_AREAS):
            found += [(method, route.path) for method in sorted(set(route.methods) - {"HEAD"})]
    return found


def uses_dependency(route: Any, call: object) -> bool:
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        if dependant.call is call:
            return True
        pending += dependant.dependencies
    return False


def csrf_protected(app: FastAPI, path: str) -> bool:
    return any(r.path == path and uses_dependency(r, verify_csrf) for r in api_routes(app))


async def a_ticket(app: FastAPI, client: httpx.AsyncClient) -> int:
    """An urgent ticket raised through the web chat, as a user would."""
    response = await client.post(
        "/chat/messages", json={"user": "access-test-user-01", "text": "tolong saya disekap majikan"}
    )
    assert response.status_code == 200, response.text
    async with app.state.services.sessions() as session:
        ticket_id = await session.scalar(select(Ticket.id).order_by(Ticket.id.desc()).limit(1))
    assert ticket_id is not None, "the urgent message raised no ticket"
    return int(ticket_id)


def concrete(path: str, ticket_id: int) -> str:
    """The template with its parameters filled: a real ticket, a real static file."""
    path = path.replace("{ticket_id}", str(ticket_id))
    if path.startswith("/insights/static/"):
        return re.sub(r"\{[^}]+\}", "insights.css", path)
    if path.startswith("/console/static/"):
        return re.sub(r"\{[^}]+\}", "console.css", path)
    return re.sub(r"\{[^}]+\}", "1", path)


def role_may(role: str, path: str) -> bool:
    """The design: programme staff see anonymised insights only, never transcripts or the console;
    agents work tickets and do not see the programme dashboard; supervisors and admins see both."""
    if PUBLIC.match(path) or path in ANY_STAFF:
        return True
    if path.startswith("/insights"):
        return role in ("programme", "supervisor", "admin")
    return role in ("agent", "supervisor", "admin")
