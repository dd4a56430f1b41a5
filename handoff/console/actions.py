"""Console actions: claim, take next, reply, send a template, note, transfer, close, false alarm, return to
bot, presence.

Every route checks the role and the CSRF token. Browsers posting forms get a redirect (or the page
again with the reason, e.g. "already taken"); scripts sending ``Accept: application/json`` get JSON.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from bot.http_errors import RowIdForm, RowIdPath
from bot.storage.models import StaffUser
from handoff import auth
from handoff.console.pages import ConsoleStaff, desk_of, hidden, queue_context, ticket_context
from handoff.console.templating import SECURITY_HEADERS, console_language, render
from handoff.service import AlreadyTaken, HandoffError, Outcome
from handoff.transcript import TicketHidden

router = APIRouter(prefix="/console", include_in_schema=False, dependencies=[Depends(auth.verify_csrf)])


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def done(request: Request, target: str, payload: dict[str, Any]) -> Response:
    if wants_json(request):
        return JSONResponse({"ok": True, **payload}, headers=SECURITY_HEADERS)
    response = RedirectResponse(target, status_code=303)
    response.headers.update(SECURITY_HEADERS)
    return response


async def refused(
    request: Request, staff: StaffUser, err: HandoffError, *, ticket_id: int | None = None
) -> Response:
    """The reason, as JSON or where the button was: the ticket page again, or the queue when the
    staff member may not read that ticket (a refusal never shows a transcript they may not see)."""
    status = err.status_code  # 409: the ticket's state does not allow it (taken, closed, not yours)
    if isinstance(err, TicketHidden):
        return await hidden(request, staff, ticket_id or 0, err)
    message = err.in_language(console_language(request))
    if wants_json(request):
        return JSONResponse(
            {"ok": False, "error": message, "already_taken": isinstance(err, AlreadyTaken)},
            status_code=status,
            headers=SECURITY_HEADERS,
        )
    if ticket_id is not None and not isinstance(err, AlreadyTaken):
        try:
            context = await ticket_context(request, staff, ticket_id, error=message)
        except TicketHidden:
            pass  # e.g. a reply to a colleague's ticket: the reason goes on the queue page
        else:
            return render(request, "ticket.html", context, status_code=status)
    context = await queue_context(request, staff)
    context["flash"] = message
    return render(request, "queue.html", context, status_code=status)


@router.post("/tickets/{ticket_id}/claim")
async def claim(request: Request, staff: ConsoleStaff, ticket_id: RowIdPath) -> Response:
    try:
        ticket = await desk_of(request).claim(ticket_id, staff)
    except HandoffError as err:
        return await refused(request, staff, err)
    return done(request, f"/console/tickets/{ticket.id}", {"ticket_id": ticket.id})


@router.post("/next")
async def take_next(request: Request, staff: ConsoleStaff) -> Response:
    ticket = await desk_of(request).claim_next(staff)
    if ticket is None:
        return done(request, "/console", {"ticket_id": None})
    return done(request, f"/console/tickets/{ticket.id}", {"ticket_id": ticket.id})


@router.post("/tickets/{ticket_id}/reply")
async def reply(
    request: Request, staff: ConsoleStaff, ticket_id: RowIdPath, text: Annotated[str, Form(max_length=8000)]
) -> Response:
    try:
        message_id = await desk_of(request).reply(ticket_id, staff, text)
    except HandoffError as err:
        return await refused(request, staff, err, ticket_id=ticket_id)
    return done(request, f"/console/tickets/{ticket_id}#m{message_id}", {"message_id": message_id})


@router.post("/tickets/{ticket_id}/template")
async def send_template(
    request: Request, staff: ConsoleStaff, ticket_id: RowIdPath, name: Annotated[str, Form(max_length=200)]
) -> Response:
    """An approved WhatsApp template: what still reaches the user after the 24-hour window closed."""
    try:
        message_id = await desk_of(request).send_template(ticket_id, staff, name)
    except HandoffError as err:
        return await refused(request, staff, err, ticket_id=ticket_id)
    return done(request, f"/console/tickets/{ticket_id}#m{message_id}", {"message_id": message_id})


@router.post("/tickets/{ticket_id}/notes")
async def note(
    request: Request, staff: ConsoleStaff, ticket_id: RowIdPath, text: Annotated[str, Form(max_length=8000)]
) -> Response:
    try:
        await desk_of(request).add_note(ticket_id, staff, text)
    except HandoffError as err:
        return await refused(request, staff, err, ticket_id=ticket_id)
    return done(request, f"/console/tickets/{ticket_id}#notes", {})


@router.post("/tickets/{ticket_id}/transfer")
async def transfer(
    request: Request, staff: ConsoleStaff, ticket_id: RowIdPath, to_staff_id: RowIdForm
) -> Response:
    try:
        await desk_of(request).transfer(ticket_id, staff, to_staff_id)
    except HandoffError as err:
        return await refused(request, staff, err, ticket_id=ticket_id)
    return done(request, "/console", {"ticket_id": ticket_id, "assignee_id": to_staff_id})


@router.post("/tickets/{ticket_id}/close")
async def close(
    request: Request, staff: ConsoleStaff, ticket_id: RowIdPath, outcome: Annotated[Outcome, Form()]
) -> Response:
    try:
        await desk_of(request).finish(ticket_id, staff, outcome)
    except HandoffError as err:
        return await refused(request, staff, err, ticket_id=ticket_id)
    return done(request, "/console", {"ticket_id": ticket_id, "outcome": outcome.value})


@router.post("/tickets/{ticket_id}/false-alarm")
async def false_alarm(
    request: Request,
    staff: ConsoleStaff,
    ticket_id: RowIdPath,
    back: Annotated[str | None, Form(max_length=10)] = None,
) -> Response:
    """One action from the queue row or the ticket page: claim if queued, close as a false alarm.
    A refusal is shown where the button was (``back=queue``: the queue, else the ticket page)."""
    try:
        await desk_of(request).false_alarm(ticket_id, staff)
    except HandoffError as err:
        return await refused(request, staff, err, ticket_id=None if back == "queue" else ticket_id)
    return done(request, "/console", {"ticket_id": ticket_id, "outcome": Outcome.FALSE_ALARM.value})


@router.post("/tickets/{ticket_id}/return")
async def return_to_bot(request: Request, staff: ConsoleStaff, ticket_id: RowIdPath) -> Response:
    try:
        await desk_of(request).finish(ticket_id, staff, None)
    except HandoffError as err:
        return await refused(request, staff, err, ticket_id=ticket_id)
    return done(request, "/console", {"ticket_id": ticket_id, "returned": True})


@router.post("/presence")
async def presence(request: Request, staff: ConsoleStaff, available: Annotated[bool, Form()]) -> Response:
    await desk_of(request).set_presence(staff, available)
    return done(request, "/console", {"available": available})
