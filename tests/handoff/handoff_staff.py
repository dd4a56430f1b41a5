"""Handoff test helpers: staff accounts created in SQL and logged in through the real login form."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from bot.storage.db import transaction
from bot.storage.types import utcnow
from handoff.auth import create_staff

PASSWORD = "correct horse battery staple"


async def add_staff(app: FastAPI, name: str, role: str = "agent", *, available: bool = True) -> int:
    async with transaction(app.state.services.sessions) as session:
        user = await create_staff(session, name, role, PASSWORD)
        user.available = available
        if available:
            user.last_seen_at = utcnow()  # as if their console were open: they count as online
        return user.id


async def log_in(client: httpx.AsyncClient, name: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token."""
    page = await client.get("/console/login")
    login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', page.text)
    assert login_csrf, page.text
    response = await client.post(
        "/console/login", data={"name": name, "password": password, "login_csrf": login_csrf.group(1)}
    )
    assert response.status_code == 303, response.text
    who = await client.get("/console/session")
    assert who.status_code == 200, who.text
    return str(who.json()["csrf_token"])


class StaffHelper:
    def __init__(self, app: FastAPI) -> None:
        self.app = app

    async def add(self, name: str, role: str = "agent", *, available: bool = True) -> int:
        return await add_staff(self.app, name, role, available=available)

    async def log_in(self, client: httpx.AsyncClient, name: str, password: str = PASSWORD) -> str:
        return await log_in(client, name, password)
