"""Console pages staff read: the live queue, a ticket's transcript, the event stream, static files.

Agents, supervisors and admins only: programme staff get 403 on every route here (they see anonymised
insights, never transcripts).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
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
from handoff.console.templating import SECURITY_HEADERS, render
from handoff.desk import HandoffDesk
from handoff.service import OUTCOME_LABELS
from handoff.transcript import window_open
from locales import N_

STATIC = Path(__file__).parent / "static"
HEARTBEAT_SECONDS = 15.0
# Streams end after this long and the browser reconnects at once (and reloads the queue), so a
# restarting server is never held up by open consoles for longer.
STREAM_SECONDS = 120.0

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


async def queue_context(request: Request, staff: StaffUser) -> dict[str, Any]:
    services = request.app.state.services
    async with services.sessions() as session:
        # The rows carry the reasons and first words (decrypted): staff tell a false alarm at a glance.
        tickets = await service.list_open_tickets(session, cipher=services.cipher)
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
async def queue_rows(request: Request, staff: ConsoleStaff) -> Response:
    """The queue table body alone, re-fetched by the page when a live event arrives."""
    return render(request, "queue_rows.html", await queue_context(request, staff))


@router.get("/queue.json")
async def queue_json(request: Request, staff: ConsoleStaff) -> JSONResponse:
    async with request.app.state.services.sessions() as session:
        tickets = await service.list_open_tickets(session)
    return JSONResponse({"tickets": [t.as_dict() for t in tickets]}, headers=SECURITY_HEADERS)


async def _ticket_or_404(session: Any, ticket_id: int) -> Ticket:
    ticket = await session.get(Ticket, ticket_id)
    if ticket is None:
        raise HTTPException(404, f"ticket {ticket_id} does not exist")
    return ticket


async def ticket_context(
    request: Request, staff: StaffUser, ticket_id: int, *, error: str | None = None
) -> dict[str, Any]:
    services = request.app.state.services
    async with transaction(services.sessions) as session:
        ticket = await _ticket_or_404(session, ticket_id)
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
    return render(request, "ticket.html", await ticket_context(request, staff, ticket_id))


@router.get("/tickets/{ticket_id}/messages")
async def ticket_messages(
    request: Request, staff: ConsoleStaff, ticket_id: RowIdPath, after: CursorQuery = 0
) -> JSONResponse:
    """New transcript lines for an open ticket page (live); each fetch is audited like a view."""
    services = request.app.state.services
    async with transaction(services.sessions) as session:
        ticket = await _ticket_or_404(session, ticket_id)
        lines = await transcript.read_transcript(session, services.cipher, ticket, staff, after=after)
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


@router.get("/events")
async def events(request: Request, staff: ConsoleStaff) -> StreamingResponse:
    """Server-sent events: ticket and message notifications (ids only, never text)."""
    hub = desk_of(request).hub

    sessions = request.app.state.services.sessions

    async def stream() -> AsyncIterator[str]:
        ends_at = time.monotonic() + STREAM_SECONDS
        async with hub.subscribe() as inbox:
            yield f"retry: 2000\nevent: hello\ndata: {json.dumps({'staff_id': staff.id})}\n\n"
            while time.monotonic() < ends_at:
                try:
                    event = await asyncio.wait_for(inbox.get(), timeout=HEARTBEAT_SECONDS)
                except TimeoutError:
                    if await request.is_disconnected():
                        return
                    await mark_seen(sessions, staff.id)  # an open console counts as online
                    yield ": keep-alive\n\n"
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
