"""Console pages staff read: the live queue, a ticket's transcript, the event stream, static files.

Agents, supervisors and admins only: programme staff get 403 on every route here (they see anonymised
insights, never transcripts). Within the console, who reads which ticket is handoff.transcript's rule
(may_read); a ticket someone may not read is answered exactly like one that does not exist: 404.

What the page fetches by itself (the event stream, queue and transcript refreshes, queue.json) uses
``BackgroundStaff``: it needs a live session but does not extend it, so an unattended console ends at
the idle timeout; the stream re-checks the session every few seconds and ends with ``session.ended``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from sqlalchemy import select, update

from bot.channels.whatsapp.window import window_closes_at
from bot.http_errors import CursorQuery, RowIdPath
from bot.storage.db import transaction
from bot.storage.models import Conversation, StaffUser, Ticket, TicketStatus
from bot.storage.types import utcnow
from handoff import auth, service, transcript
from handoff.canned import approved_templates, canned_responses
from handoff.console.sound import alert_wav
from handoff.console.templating import SECURITY_HEADERS, console_language, render
from handoff.desk import HandoffDesk
from handoff.service import OUTCOME_LABELS
from handoff.transcript import TicketHidden, window_open
from locales import N_

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
HEARTBEAT_SECONDS = 15.0
# Streams end after this long and the browser reconnects at once (and reloads the queue), so a
# restarting server is never held up by open consoles for longer.
STREAM_SECONDS = 120.0
# How often an open stream re-checks its session: a disabled account, a logout or the idle timeout
# closes it within this long (one primary-key read per open console).
SESSION_CHECK_SECONDS = 2.0

# The ticket page's catalogued text (t("…") in ticket.html), marked here for `helpline locales extract`.
PAGE_TEXT = (
    N_(
        "Free text is disabled until the user writes again. An approved template reaches them now, and "
        "their answer reopens the window."
    ),
    N_("Send template"),
    N_("No approved templates are configured (whatsapp_templates in canned_responses.yaml)."),
)

ConsoleStaff = Annotated[StaffUser, Depends(auth.require_roles(*auth.CONSOLE_ROLES))]
# For requests an open page makes on its own: they do not count as the staff member's activity.
BackgroundStaff = Annotated[StaffUser, Depends(auth.require_roles(*auth.CONSOLE_ROLES, activity=False))]
router = APIRouter(prefix="/console", include_in_schema=False)


def desk_of(request: Request) -> HandoffDesk:
    return request.app.state.services.extras["handoff"]  # type: ignore[no-any-return]


async def console_staff_list(request: Request) -> list[StaffUser]:
    async with request.app.state.services.sessions() as session:
        rows = await session.scalars(
            select(StaffUser)
            .where(StaffUser.active.is_(True), StaffUser.role.in_(auth.CONSOLE_ROLES))
            .order_by(StaffUser.name)
        )
        return list(rows.all())


def may_mark_false_alarm(staff: StaffUser, status: str, assignee_id: int | None) -> bool:
    """Who gets the "False alarm" button (handoff.service.false_alarm decides again on the POST)."""
    if status == TicketStatus.QUEUED.value:
        return True
    return status == TicketStatus.CLAIMED.value and (
        assignee_id == staff.id or staff.role in auth.SUPERVISING_ROLES
    )


def may_see_triage(staff: StaffUser, row: service.OpenTicketRow) -> bool:
    """The reasons and first words are the person's own words: an agent sees them for queued tickets
    and their own, like the transcript (handoff.transcript.may_read); a colleague's row shows only
    that it is taken."""
    if staff.role in auth.SUPERVISING_ROLES or row.status == TicketStatus.QUEUED.value:
        return True
    return row.assignee_id == staff.id


async def queue_context(request: Request, staff: StaffUser) -> dict[str, Any]:
    services = request.app.state.services
    async with services.sessions() as session:
        # The rows carry the reasons and first words (decrypted): staff tell a false alarm at a glance.
        tickets = await service.list_open_tickets(session, cipher=services.cipher)
    tickets = [row if may_see_triage(staff, row) else replace(row, reasons=(), preview="") for row in tickets]
    return {
        "staff": staff,
        "csrf_token": await auth.current_csrf_token(request),
        "tickets": tickets,
        "false_alarm_allowed": {
            t.id for t in tickets if may_mark_false_alarm(staff, t.status, t.assignee_id)
        },
        "urgent_waiting": sum(1 for t in tickets if t.urgent and t.status == "queued"),
    }


@router.get("")
async def queue_page(request: Request, staff: ConsoleStaff) -> Response:
    context = await queue_context(request, staff)
    context["team"] = await console_staff_list(request)
    return render(request, "queue.html", context)


@router.get("/queue")
async def queue_rows(request: Request, staff: BackgroundStaff) -> Response:
    """The queue table body alone, re-fetched by the page when a live event arrives."""
    return render(request, "queue_rows.html", await queue_context(request, staff))


@router.get("/queue.json")
async def queue_json(request: Request, staff: BackgroundStaff) -> JSONResponse:
    async with request.app.state.services.sessions() as session:
        tickets = await service.list_open_tickets(session)
    return JSONResponse({"tickets": [t.as_dict() for t in tickets]}, headers=SECURITY_HEADERS)


async def _readable_ticket(session: Any, staff: StaffUser, ticket_id: int) -> Ticket:
    """The ticket if ``staff`` may read it; :class:`TicketHidden` (404) if not, or if there is none."""
    ticket = await session.get(Ticket, ticket_id)
    if ticket is None or not transcript.may_read(staff, ticket):
        raise TicketHidden(ticket_id)
    return ticket


def wants_html(request: Request) -> bool:
    return "application/json" not in request.headers.get("accept", "")


async def hidden(request: Request, staff: StaffUser, ticket_id: int, err: TicketHidden) -> Response:
    """The answer to a ticket ``staff`` may not open (or that does not exist): 404, a page for a
    browser, JSON for scripts. The attempt is audited (``transcript.refused``, no content)."""
    async with transaction(request.app.state.services.sessions) as session:
        service.audit(session, "transcript.refused", staff.id, ticket_id)
    message = err.in_language(console_language(request))
    if not wants_html(request):
        return JSONResponse({"ok": False, "error": message}, status_code=404, headers=SECURITY_HEADERS)
    context = {
        "staff": staff,
        "csrf_token": await auth.current_csrf_token(request),
        "ticket_id": ticket_id,
        "message": message,
    }
    return render(request, "hidden.html", context, status_code=404)


async def ticket_context(
    request: Request, staff: StaffUser, ticket_id: int, *, error: str | None = None
) -> dict[str, Any]:
    services = request.app.state.services
    async with transaction(services.sessions) as session:
        ticket = await _readable_ticket(session, staff, ticket_id)
        lines = await transcript.read_transcript(session, services.cipher, ticket, staff)
        notes = await transcript.read_notes(session, services.cipher, ticket_id)
        conversation = await session.get_one(Conversation, ticket.conversation_id)
        can_send_text = await window_open(session, ticket)
        assignee = await session.get(StaffUser, ticket.assignee_id) if ticket.assignee_id else None
        triage = service.triage_view(ticket, services.cipher)
    canned = canned_responses()
    lang = ticket.language if ticket.language in canned else "id"
    return {
        "staff": staff,
        "csrf_token": await auth.current_csrf_token(request),
        "ticket": ticket,
        "assignee": assignee,
        "mine": ticket.status == TicketStatus.CLAIMED and ticket.assignee_id == staff.id,
        "supervising": staff.role in auth.SUPERVISING_ROLES,
        "open": ticket.status in service.OPEN_STATUSES,
        "triage": triage,
        "may_false_alarm": may_mark_false_alarm(staff, ticket.status.value, ticket.assignee_id),
        "may_note": transcript.note_refusal(staff, ticket, ticket.id) is None,
        "lines": lines,
        "cursor": lines[-1].id if lines else 0,
        "notes": notes,
        "window_open": can_send_text,
        "window_closes_at": window_closes_at(conversation.last_inbound_at),
        "canned": canned.get(lang, []),  # never carries a login name (handoff/canned.py)
        "templates": [
            {"name": t.name, "title": t.title, "text": t.text_for(conversation.language)}
            for t in approved_templates().values()
        ],
        "outcomes": OUTCOME_LABELS,
        "team": [u for u in await console_staff_list(request) if u.id != ticket.assignee_id],
        "error": error,
        "waiting_seconds": int((utcnow() - ticket.created_at).total_seconds()),
    }


@router.get("/tickets/{ticket_id}")
async def ticket_page(request: Request, staff: ConsoleStaff, ticket_id: RowIdPath) -> Response:
    """The transcript (decrypted; every view is audited), notes, reply box and actions."""
    try:
        context = await ticket_context(request, staff, ticket_id)
    except TicketHidden as err:
        return await hidden(request, staff, ticket_id, err)
    return render(request, "ticket.html", context)


@router.get("/tickets/{ticket_id}/messages")
async def ticket_messages(
    request: Request, staff: BackgroundStaff, ticket_id: RowIdPath, after: CursorQuery = 0
) -> Response:
    """New transcript lines for an open ticket page (live); each fetch is audited like a view."""
    services = request.app.state.services
    try:
        async with transaction(services.sessions) as session:
            ticket = await _readable_ticket(session, staff, ticket_id)
            lines = await transcript.read_transcript(session, services.cipher, ticket, staff, after=after)
    except TicketHidden as err:
        return await hidden(request, staff, ticket_id, err)
    return JSONResponse(
        {
            "messages": [
                {
                    "id": line.id,
                    "sender": line.sender,
                    "text": line.text,
                    "staff_name": line.staff_name,
                    "at": line.created_at.isoformat(),
                }
                for line in lines
            ],
            "cursor": lines[-1].id if lines else after,
            "status": ticket.status.value,
        },
        headers=SECURITY_HEADERS,
    )


async def mark_seen(sessions: Any, staff_id: int) -> None:
    async with transaction(sessions) as session:
        await session.execute(update(StaffUser).where(StaffUser.id == staff_id).values(last_seen_at=utcnow()))


async def signed_in(request: Request, staff: StaffUser) -> bool:
    """Is the stream's session still good? A database that cannot answer ends the stream too."""
    try:
        return await auth.still_signed_in(request, staff.id)
    except Exception:
        log.warning("could not re-check a console session; ending its stream", exc_info=True)
        return False


@router.get("/events")
async def events(request: Request, staff: BackgroundStaff) -> StreamingResponse:
    """Server-sent events: ticket and message notifications (ids only, never text).

    Ends after STREAM_SECONDS (the browser reconnects), or with ``session.ended`` within
    SESSION_CHECK_SECONDS of the session ending (idle timeout, logout, account disabled)."""
    hub = desk_of(request).hub

    sessions = request.app.state.services.sessions

    async def stream() -> AsyncIterator[str]:
        now = time.monotonic()
        ends_at = now + STREAM_SECONDS
        next_check, next_beat = now + SESSION_CHECK_SECONDS, now + HEARTBEAT_SECONDS
        async with hub.subscribe() as inbox:
            yield f"retry: 2000\nevent: hello\ndata: {json.dumps({'staff_id': staff.id})}\n\n"
            while (now := time.monotonic()) < ends_at:
                if now >= next_check:
                    next_check = now + SESSION_CHECK_SECONDS
                    if not await signed_in(request, staff):
                        yield "event: session.ended\ndata: {}\n\n"
                        return
                if now >= next_beat:
                    next_beat = now + HEARTBEAT_SECONDS
                    if await request.is_disconnected():
                        return
                    await mark_seen(sessions, staff.id)  # an open console counts as online
                    yield ": keep-alive\n\n"
                try:
                    timeout = max(0.0, min(next_check, next_beat, ends_at) - time.monotonic())
                    event = await asyncio.wait_for(inbox.get(), timeout=timeout)
                except TimeoutError:
                    continue
                if event.get("type") == "bye":
                    return
                yield f"event: {event['type']}\ndata: {json.dumps(event, separators=(',', ':'))}\n\n"

    headers = {**SECURITY_HEADERS, "X-Accel-Buffering": "no"}  # proxies must not buffer the stream
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)


@router.get("/static/alert.wav")
async def alert_sound() -> Response:
    return Response(alert_wav(), media_type="audio/wav", headers={"Cache-Control": "max-age=86400"})


@router.get("/static/{name}")
async def static_file(name: str) -> FileResponse:
    path = (STATIC / name).resolve()
    if path.parent != STATIC.resolve() or not path.is_file():
        raise HTTPException(404, "not found")
    return FileResponse(path, headers={"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"})
