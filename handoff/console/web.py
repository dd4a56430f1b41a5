"""Everything the console serves, as one router for ``bot/app.py`` to include."""

from __future__ import annotations

from fastapi import APIRouter

from handoff.console import login

console_router = APIRouter()
console_router.include_router(login.router)
