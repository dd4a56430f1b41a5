"""The /insights dashboard and its downloads, for programme staff, supervisors and admins.

Server-rendered HTML with SVG charts: no script at all, a strict Content-Security-Policy, styles
from one local file. Every figure comes from one suppressed :class:`insights.report.Report`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.storage.models import StaffUser
from handoff.auth import require_roles
from insights import export
from insights.aggregation import InsightsFilter
from insights.labels import label
from insights.periods import PeriodRange, Unit, last_published
from insights.report import CHANNEL_KEYS, LANGUAGES, build_report
from insights.themes import JAKARTA
from insights.views import PageText, key_figures, panels
from locales import N_, SUPPORTED_LANGUAGES, normalize_language

HERE = Path(__file__).parent
STATIC_FILES = {"insights.css": "text/css", "favicon.svg": "image/svg+xml"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}

# The template's own strings, marked here so `helpline locales extract` (Python only) finds them.
PAGE_TEXT = (
    N_("All channels"),
    N_("All languages"),
    N_(
        "Anonymous by design: each figure counts bot answers by theme, language, channel and day. No user id, phone number, message text or time of day is recorded."
    ),
    N_("Apply"),
    N_("Channel"),
    N_("Charts"),
    N_("By month"),
    N_("By week"),
    N_(
        "Counts from 0 to {last} show as “<{k}”; other counts are rounded to the nearest {k}. Totals are sums of the figures shown, so no figure can be worked out from two others."
    ),
    N_("Download CSV"),
    N_("Download JSON"),
    N_("From"),
    N_("Helpline insights"),
    N_("Key figures"),
    N_("Language"),
    N_("Page actions"),
    N_("Show as table"),
    N_(
        "Suppression threshold k = {k}. Only whole weeks (Monday to Sunday) or months that ended at least a day ago are published; dates are Jakarta calendar days."
    ),
    N_("Tables only"),
    N_("These filters cannot be used: {reason}. Showing the default period."),
    N_("To"),
)

allowed_staff = require_roles("programme", "supervisor", "admin")
StaffDep = Annotated[StaffUser, Depends(allowed_staff)]
router = APIRouter(tags=["insights"])
templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]), auto_reload=False
)


def jakarta_today() -> date:
    return datetime.now(JAKARTA).date()


class BadFilter(ValueError):
    """A period or filter the user asked for cannot be published; the message says why."""


def parse_filter(
    start: str | None,
    end: str | None,
    channel: str | None,
    language: str | None,
    *,
    today: date,
    unit: str | None = None,
) -> InsightsFilter:
    """Whole published weeks (``2026-W48``) or months (``2026-11``); anything else is refused."""
    try:
        if start or end:
            periods = PeriodRange.parse(start or end or "", end or start)
        else:
            periods = PeriodRange.default(today, Unit(unit) if unit in tuple(Unit) else Unit.WEEK)
        periods.check_published(today)
        return InsightsFilter(periods, channel or None, language or None)
    except ValueError as err:
        raise BadFilter(str(err)) from None


def _ui_language(request: Request, lang: str | None) -> str:
    if lang:
        return normalize_language(lang)
    accepted = request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip()
    return normalize_language(accepted) if accepted else "en"


@router.get("/insights", response_class=HTMLResponse)
async def dashboard(
    request: Request,
    staff: StaffDep,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    channel: str | None = None,
    language: str | None = None,
    unit: str | None = None,
    view: str = "charts",
    lang: str | None = None,
) -> HTMLResponse:
    services = request.app.state.services
    k = services.settings.suppression_k
    ui = _ui_language(request, lang)
    text = PageText(ui, k)
    today = jakarta_today()
    error = None
    try:
        f = parse_filter(start, end, channel, language, today=today, unit=unit)
    except BadFilter as err:
        error, f = str(err), InsightsFilter.default(today)
    async with services.sessions() as session:
        report = await build_report(session, f, k)
    query = {
        "from": f.periods.first.key,
        "to": f.periods.last.key,
        "channel": f.channel or "",
        "language": f.language or "",
        "lang": ui,
    }
    other = Unit.MONTH if f.unit is Unit.WEEK else Unit.WEEK
    switch = PeriodRange.default(today, other)
    html = templates.get_template("dashboard.html").render(
        t=text,
        staff=staff,
        report=report,
        error=error,
        figures=key_figures(text, report),
        panels=panels(text, report),
        tables_only=view == "tables",
        unit=str(f.unit),
        latest=last_published(f.unit, today).key,
        channels=[(c, label("channel", c, ui)) for c in CHANNEL_KEYS],
        languages=[(code, label("language", code, ui)) for code in LANGUAGES],
        ui_languages=SUPPORTED_LANGUAGES,
        query=query,
        link=lambda **changes: "?" + urlencode({**query, **changes}),
        switch_link="?" + urlencode({**query, "from": switch.first.key, "to": switch.last.key}),
        export_link=lambda fmt: "/insights/export?" + urlencode({**query, "format": fmt}),
    )
    return HTMLResponse(html, status_code=400 if error else 200, headers=SECURITY_HEADERS)


@router.get("/insights/export")
async def download(
    request: Request,
    _staff: StaffDep,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    channel: str | None = None,
    language: str | None = None,
    unit: str | None = None,
    fmt: Annotated[str, Query(alias="format")] = "csv",
) -> Response:
    if fmt not in export.FORMATS:
        raise HTTPException(422, f"format must be one of: {', '.join(export.FORMATS)}")
    try:
        f = parse_filter(start, end, channel, language, today=jakarta_today(), unit=unit)
    except BadFilter as err:
        raise HTTPException(422, str(err)) from None
    services = request.app.state.services
    async with services.sessions() as session:
        report = await build_report(session, f, services.settings.suppression_k)
    body, media_type = export.render(report, fmt)
    headers = {
        **SECURITY_HEADERS,
        "Content-Disposition": f'attachment; filename="{export.filename(report, fmt)}"',
    }
    return Response(body, media_type=media_type, headers=headers)


@router.get("/insights/static/{name}")
async def static_file(name: str, _staff: StaffDep) -> FileResponse:
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        raise HTTPException(404, "not found")
    return FileResponse(
        HERE / "static" / name, media_type=media_type, headers={"Cache-Control": "private, max-age=3600"}
    )
