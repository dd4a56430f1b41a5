"""Everything the console serves, as one router for ``bot/app.py`` to include."""

from __future__ import annotations

from fastapi import APIRouter

from handoff.console import actions, login, pages

console_router = APIRouter()
console_router.include_router(login.router)
console_router.include_router(pages.router)
console_router.include_router(actions.router)
