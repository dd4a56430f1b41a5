"""Least privilege for transcripts, through the real app: agents read queued tickets and the ones they
hold, supervisors and admins read all; a ticket's transcript ends at its close; notes only on open
tickets the writer may act on; a refused read is a 404 page that looks the same as a missing ticket."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from security_helpers import BOTH_DATABASES, add_staff, csrf_of, log_in
from sqlalchemy import func, select

from bot.storage.models import AuditEvent, Ticket, TicketNote
from tests.conftest import say

JSON = {"Accept": "application/json"}
HTML = {"Accept": "text/html"}


pytestmark = pytest.mark.parametrize("database_url", BOTH_DATABASES, indirect=True)


async def raise_ticket(app: FastAPI, client: httpx.AsyncClient, user: str, words: str) -> int:
    """An urgent ticket from the web chat; ``words`` is something only this conversation says."""
    await say(client, user, f"tolong saya disekap majikan {words}")
    async with app.state.services.sessions() as session:
        ticket_id = await session.scalar(select(func.max(Ticket.id)))
    assert ticket_id is not None
    return int(ticket_id)


def console(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def signed_in(app: FastAPI, name: str, role: str) -> tuple[httpx.AsyncClient, str]:
    await add_staff(app, name, role)
    http = console(app)
    assert (await log_in(http, name)).status_code == 303
    return http, await csrf_of(http)


async def audits(app: FastAPI, action: str, ticket_id: int) -> int:
    async with app.state.services.sessions() as session:
        return int(
            await session.scalar(
                select(func.count(AuditEvent.id)).where(
                    AuditEvent.action == action, AuditEvent.ticket_id == ticket_id
                )
            )
            or 0
        )


class Desk:
    """Three tickets: one ana holds, one queued, one ana closed; agents ana and budi, supervisor sri."""

    def __init__(self, app: FastAPI, chat: httpx.AsyncClient) -> None:
        self.app, self.chat = app, chat

    async def build(self) -> Desk:
        self.ana, self.ana_csrf = await signed_in(self.app, "ana", "agent")
        self.budi, self.budi_csrf = await signed_in(self.app, "budi", "agent")
        self.sri, self.sri_csrf = await signed_in(self.app, "sri", "supervisor")
        self.held = await raise_ticket(self.app, self.chat, "user-held-0001", "kata-dipegang")
        self.closed = await raise_ticket(self.app, self.chat, "user-closed-01", "kata-ditutup")
        self.queued = await raise_ticket(self.app, self.chat, "user-queued-01", "kata-antre")
        for ticket_id in (self.held, self.closed):
            await self.act(self.ana, self.ana_csrf, ticket_id, "claim")
        await self.act(self.ana, self.ana_csrf, self.closed, "close", outcome="advice_given")
        return self

    async def act(
        self, who: httpx.AsyncClient, csrf: str, ticket_id: int, action: str, **form: str
    ) -> httpx.Response:
        response = await who.post(
            f"/console/tickets/{ticket_id}/{action}", data=form, headers={**JSON, "X-CSRF-Token": csrf}
        )
        return response

    async def aclose(self) -> None:
        for http in (self.ana, self.budi, self.sri):
            await http.aclose()


@pytest.fixture
async def desk(app: FastAPI, client: httpx.AsyncClient) -> AsyncIterator[Desk]:
    built = await Desk(app, client).build()
    yield built
    await built.aclose()


def without_ids(text: str) -> str:
    return re.sub(r"\d+", "N", text)


async def test_an_agent_reads_queued_tickets_and_their_own_only(app: FastAPI, desk: Desk) -> None:
    for ticket_id, words in ((desk.held, "kata-dipegang"), (desk.queued, "kata-antre")):
        page = await desk.ana.get(f"/console/tickets/{ticket_id}", headers=HTML)
        assert page.status_code == 200 and words in page.text
    # Her own ticket once closed is for supervisors.
    closed = await desk.ana.get(f"/console/tickets/{desk.closed}", headers=HTML)
    assert closed.status_code == 404 and "kata-ditutup" not in closed.text
    assert (await desk.ana.get(f"/console/tickets/{desk.closed}/messages", headers=JSON)).status_code == 404


async def test_an_agent_cannot_read_a_colleagues_ticket_a_closed_one_or_guess_ids(
    app: FastAPI, desk: Desk
) -> None:
    refused = {}
    for ticket_id, words in ((desk.held, "kata-dipegang"), (desk.closed, "kata-ditutup")):
        page = await desk.budi.get(f"/console/tickets/{ticket_id}", headers=HTML)
        assert page.status_code == 404, page.text
        assert words not in page.text and "disekap" not in page.text
        assert "text/html" in page.headers["content-type"]
        assert "is not available to you" in page.text and "supervisor" in page.text
        live = await desk.budi.get(f"/console/tickets/{ticket_id}/messages", headers=JSON)
        assert live.status_code == 404 and "disekap" not in live.text
        refused[ticket_id] = (page.text, live.json())
        assert await audits(app, "transcript.refused", ticket_id) == 2
    # Guessing: every id after the last one answers exactly like a colleague's ticket.
    for guess in range(desk.queued + 1, desk.queued + 6):
        page = await desk.budi.get(f"/console/tickets/{guess}", headers=HTML)
        live = await desk.budi.get(f"/console/tickets/{guess}/messages", headers=JSON)
        assert page.status_code == live.status_code == 404
        assert without_ids(page.text) == without_ids(refused[desk.held][0])
        assert without_ids(live.text) == without_ids(httpx.Response(200, json=refused[desk.held][1]).text)
    # The queue is still his to read, and so is the queued ticket.
    assert (await desk.budi.get(f"/console/tickets/{desk.queued}", headers=HTML)).status_code == 200


async def test_supervisors_and_admins_read_every_ticket(app: FastAPI, desk: Desk) -> None:
    admin, _ = await signed_in(app, "adi", "admin")
    try:
        for who in (desk.sri, admin):
            for ticket_id, words in (
                (desk.held, "kata-dipegang"),
                (desk.closed, "kata-ditutup"),
                (desk.queued, "kata-antre"),
            ):
                page = await who.get(f"/console/tickets/{ticket_id}", headers=HTML)
                assert page.status_code == 200 and words in page.text
                live = await who.get(f"/console/tickets/{ticket_id}/messages", headers=JSON)
                assert live.status_code == 200 and words in live.text
    finally:
        await admin.aclose()
    assert await audits(app, "transcript.view", desk.closed) == 4  # every read audited


async def test_the_transcript_stops_at_the_close(app: FastAPI, client: httpx.AsyncClient, desk: Desk) -> None:
    before = (await desk.sri.get(f"/console/tickets/{desk.closed}/messages", headers=JSON)).json()
    assert before["messages"], before
    last = before["messages"][-1]
    assert last["sender"] == "bot"  # the notice telling the person the human part is over
    # Later the person chats with the bot only: none of it belongs to the closed ticket.
    assert await say(client, "user-closed-01", "pertanyaan-baru soal visa kerja") != []
    page = await desk.sri.get(f"/console/tickets/{desk.closed}", headers=HTML)
    assert page.status_code == 200 and "kata-ditutup" in page.text
    assert "pertanyaan-baru" not in page.text
    after = (await desk.sri.get(f"/console/tickets/{desk.closed}/messages", headers=JSON)).json()
    assert [m["id"] for m in after["messages"]] == [m["id"] for m in before["messages"]]
    newer = await desk.sri.get(
        f"/console/tickets/{desk.closed}/messages", params={"after": last["id"]}, headers=JSON
    )
    assert newer.json()["messages"] == []


async def notes(app: FastAPI) -> int:
    async with app.state.services.sessions() as session:
        return int(await session.scalar(select(func.count(TicketNote.id))) or 0)


async def test_notes_only_on_open_tickets_the_writer_may_act_on(app: FastAPI, desk: Desk) -> None:
    assert (
        await desk.act(desk.ana, desk.ana_csrf, desk.held, "notes", text="called KBRI")
    ).status_code == 200
    assert (
        await desk.act(desk.sri, desk.sri_csrf, desk.queued, "notes", text="watch this")
    ).status_code == 200
    assert await notes(app) == 2
    refusals = [
        (desk.budi, desk.budi_csrf, desk.held, 404),  # a colleague's ticket: he may not know it exists
        (desk.budi, desk.budi_csrf, desk.closed, 404),
        (desk.ana, desk.ana_csrf, desk.closed, 404),  # her own, closed: for supervisors to read
        (desk.ana, desk.ana_csrf, desk.queued, 403),  # queued: claim it first
        (desk.sri, desk.sri_csrf, desk.closed, 409),  # closed: part of the record now
        (desk.budi, desk.budi_csrf, desk.queued + 50, 404),
    ]
    for who, csrf, ticket_id, status in refusals:
        response = await desk.act(who, csrf, ticket_id, "notes", text="should not be stored")
        assert response.status_code == status, (ticket_id, response.text)
        assert response.json()["ok"] is False and response.json()["error"]
    assert await notes(app) == 2
    # A browser form gets a page, and a refusal never shows a transcript its reader may not see.
    form = await desk.budi.post(
        f"/console/tickets/{desk.held}/notes", data={"text": "x", "csrf_token": desk.budi_csrf}
    )
    assert form.status_code == 404 and "kata-dipegang" not in form.text and "<html" in form.text
    closed_page = await desk.sri.get(f"/console/tickets/{desk.closed}", headers=HTML)
    assert 'id="add-note"' not in closed_page.text and "can no longer be added" in closed_page.text


async def test_a_refused_action_never_shows_a_colleagues_transcript(app: FastAPI, desk: Desk) -> None:
    reply = await desk.budi.post(
        f"/console/tickets/{desk.held}/reply", data={"text": "halo", "csrf_token": desk.budi_csrf}
    )
    assert reply.status_code == 409, reply.text
    assert "kata-dipegang" not in reply.text and "Claim the ticket" in reply.text
