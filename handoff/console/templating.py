"""Jinja2 rendering for the console, with headers every console page needs (CSP, no caching)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

import locales

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def waited(seconds: int) -> str:
    """A waiting time for the queue: "4 min 05 s", "2 h 10 min"."""
    seconds = max(0, int(seconds))
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    if seconds < 86400:
        return f"{seconds // 3600} h {seconds % 3600 // 60} min"
    return f"{seconds // 86400} d {seconds % 86400 // 3600} h"


TEMPLATES.env.filters["waited"] = waited

# Everything is served from this origin and no inline script or style exists, so a strict policy holds.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",  # transcripts must not sit in a shared browser cache
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def console_language(request: Request) -> str:
    """The staff member's browser language for catalogued console text; English when it names none."""
    accepted = request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip()
    return locales.normalize_language(accepted) if accepted else locales.SOURCE_LANGUAGE


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    lang = console_language(request)
    # t("…") in a template: text marked with N_() in the page's module, shown in the staff's language.
    context = {"t": lambda msgid, **params: locales.translate(lang, msgid, **params), **context}
    response = TEMPLATES.TemplateResponse(request, name, context, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response
