"""The handoff lifecycle through the real app: web chat in, console actions, web chat out.
Runs on SQLite and PostgreSQL with the embedded (in-process) queue."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from handoff_staff import StaffHelper
from sqlalchemy import func, select
from typer.testing import CliRunner

import locales
from bot.cli import app as helpline_cli
from bot.messages import Channel, InboundKind, InboundMessage
from bot.services import build_services
from bot.settings import Settings
from bot.storage.db import transaction
from bot.storage.models import (
    AuditEvent,
    Conversation,
    ConversationMode,
    Message,
    Sender,
    StaffUser,
    Ticket,
    TicketNote,
    TicketStatus,
)
from bot.storage.types import utcnow
from handoff.hours import DAYS, JAKARTA
from handoff.service import open_ticket
from tests.conftest import say

JSON = {"Accept": "application/json"}


async def urgent_ticket(
    app: FastAPI, client: httpx.AsyncClient, user: str = "user-urgent-1"
) -> tuple[int, list]:
    """The user presses the emergency button; returns the ticket id and the bot's replies."""
    replies = await say(client, user, button="emergency")
    async with app.state.services.sessions() as session:
        ticket_id = await session.scalar(select(func.max(Ticket.id)))
    assert ticket_id is not None
    return ticket_id, replies


async def pull(client: httpx.AsyncClient, user: str, after: int = 0) -> list[dict]:
    response = await client.get("/chat/messages", params={"user": user, "after": after})
    assert response.status_code == 200
    return response.json()["messages"]


async def test_urgent_message_is_queued_with_an_honest_wait(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")  # available
    ticket_id, replies = await urgent_ticket(app, client)
    wait = locales.format_duration_minutes(2, "id")  # no history yet: the urgent target, 2 minutes
    assert any(wait in r["text"] for r in replies), replies
    async with app.state.services.sessions() as session:
        ticket = await session.get(Ticket, ticket_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
    assert ticket.status == TicketStatus.QUEUED and ticket.priority == 0
    assert conversation.mode == ConversationMode.WAITING
    snapshot = await app.state.services.extras["queue"].snapshot()
    assert snapshot.queued == [ticket_id]


async def test_nobody_online_gets_the_24_hour_numbers(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    ana = await staff.add("ana")  # "available", but her console has been silent for hours
    async with transaction(app.state.services.sessions) as session:
        (await session.get(StaffUser, ana)).last_seen_at = utcnow() - timedelta(hours=3)
    _, replies = await urgent_ticket(app, client)
    assert any("0800-1000" in r["text"] for r in replies), replies
    assert not any(locales.format_duration_minutes(2, "id") in r["text"] for r in replies)


# Open only on the day after tomorrow (Jakarta): closed whenever the test runs.
CLOSED_TODAY = DAYS[(datetime.now(JAKARTA).weekday() + 2) % 7] + " 09:00-10:00"


@pytest.mark.parametrize("handoff_overrides", [{"handoff_hours": CLOSED_TODAY}])
async def test_out_of_hours_the_user_gets_numbers_and_the_ticket_waits(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    ticket_id, replies = await urgent_ticket(app, client)
    notice = replies[-1]["text"]
    assert "0800-1000" in notice and "09.00" in notice, notice
    async with app.state.services.sessions() as session:
        assert (await session.get(Ticket, ticket_id)).status == TicketStatus.QUEUED


async def test_claim_reply_close_round_trip(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    user = "user-round-trip"
    await staff.add("ana")
    ticket_id, _ = await urgent_ticket(app, client, user)
    csrf = await staff.log_in(client, "ana")
    headers = {**JSON, "X-CSRF-Token": csrf}

    claimed = await client.post(f"/console/tickets/{ticket_id}/claim", headers=headers)
    assert claimed.status_code == 200, claimed.text
    # The bot stays silent while staff hold the conversation; the message reaches the console.
    assert await say(client, user, "saya di lantai dua, pintunya dikunci") == []
    page = await client.get(f"/console/tickets/{ticket_id}")
    assert page.status_code == 200
    assert "pintunya dikunci" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]

    sent = await client.post(
        f"/console/tickets/{ticket_id}/reply", data={"text": "Kami di sini. Anda aman?"}, headers=headers
    )
    assert sent.status_code == 200, sent.text
    messages = await pull(client, user)
    assert messages[-1] == {**messages[-1], "from": "staff", "text": "Kami di sini. Anda aman?"}

    closed = await client.post(
        f"/console/tickets/{ticket_id}/close", data={"outcome": "referred_embassy"}, headers=headers
    )
    assert closed.status_code == 200, closed.text
    after_close = await pull(client, user, messages[-1]["id"])
    assert after_close and after_close[-1]["from"] == "bot"  # told the human part is over

    async with app.state.services.sessions() as session:
        ticket = await session.get(Ticket, ticket_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
        views = await session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "transcript.view", AuditEvent.ticket_id == ticket_id
            )
        )
    assert ticket.status == TicketStatus.CLOSED and ticket.outcome == "referred_embassy"
    assert ticket.created_at <= ticket.claimed_at <= ticket.first_reply_at <= ticket.closed_at
    assert conversation.mode == ConversationMode.BOT and conversation.active_flow is None
    assert views == 1
    assert await say(client, user, "halo") != []  # the bot answers again


async def test_a_second_claim_is_told_already_taken(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    await staff.add("budi")
    ticket_id, _ = await urgent_ticket(app, client)
    ana = await staff.log_in(client, "ana")
    assert (
        await client.post(f"/console/tickets/{ticket_id}/claim", headers={**JSON, "X-CSRF-Token": ana})
    ).status_code == 200
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        budi = await staff.log_in(other, "budi")
        second = await other.post(
            f"/console/tickets/{ticket_id}/claim", headers={**JSON, "X-CSRF-Token": budi}
        )
        assert second.status_code == 409
        assert second.json()["already_taken"] is True
        assert "already taken by ana" in second.json()["error"]
        form = await other.post(f"/console/tickets/{ticket_id}/claim", data={"csrf_token": budi})
        assert form.status_code == 409 and "already taken by ana" in form.text
        refused = await other.post(
            f"/console/tickets/{ticket_id}/reply", data={"text": "hi"}, headers={**JSON, "X-CSRF-Token": budi}
        )
        assert refused.status_code == 409  # only the holder replies


async def test_transfer_and_return_to_bot(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    user = "user-transfer"
    await staff.add("ana")
    budi_id = await staff.add("budi")
    ticket_id, _ = await urgent_ticket(app, client, user)
    await say(client, user, "halo?")
    ana = await staff.log_in(client, "ana")
    headers = {**JSON, "X-CSRF-Token": ana}
    await client.post(f"/console/tickets/{ticket_id}/claim", headers=headers)
    moved = await client.post(
        f"/console/tickets/{ticket_id}/transfer", data={"to_staff_id": budi_id}, headers=headers
    )
    assert moved.status_code == 200, moved.text
    assert (
        await client.post(f"/console/tickets/{ticket_id}/reply", data={"text": "x"}, headers=headers)
    ).status_code == 409
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        budi = await staff.log_in(other, "budi")
        back = await other.post(
            f"/console/tickets/{ticket_id}/return", headers={**JSON, "X-CSRF-Token": budi}
        )
        assert back.status_code == 200, back.text
    async with app.state.services.sessions() as session:
        ticket = await session.get(Ticket, ticket_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
    assert ticket.status == TicketStatus.RETURNED and ticket.assignee_id == budi_id
    assert conversation.mode == ConversationMode.BOT
    assert (await app.state.services.extras["queue"].snapshot()).leased == {}


async def test_notes_are_encrypted_and_shown_to_staff(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    ticket_id, _ = await urgent_ticket(app, client)
    csrf = await staff.log_in(client, "ana")
    note = {"text": "Called KBRI Kuala Lumpur", "csrf_token": csrf}
    unclaimed = await client.post(f"/console/tickets/{ticket_id}/notes", data=note)
    assert unclaimed.status_code == 403 and "Claim ticket" in unclaimed.text  # agents note their own
    await client.post(f"/console/tickets/{ticket_id}/claim", headers={**JSON, "X-CSRF-Token": csrf})
    added = await client.post(f"/console/tickets/{ticket_id}/notes", data=note)
    assert added.status_code == 303
    async with app.state.services.sessions() as session:
        note = await session.scalar(select(TicketNote))
    assert b"KBRI" not in note.text_encrypted
    assert "Called KBRI Kuala Lumpur" in (await client.get(f"/console/tickets/{ticket_id}")).text


@pytest.mark.parametrize(
    "path",
    [
        "/console",
        "/console/queue",
        "/console/tickets/1",
        "/console/tickets/1/messages",
        "/console/events",
        "/console/queue.json",
    ],
)
async def test_programme_staff_never_see_transcripts(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper, path: str
) -> None:
    await urgent_ticket(app, client)
    await staff.add("pia", "programme")
    csrf = await staff.log_in(client, "pia")
    assert (await client.get(path)).status_code == 403
    claim = await client.post("/console/tickets/1/claim", headers={"X-CSRF-Token": csrf})
    assert claim.status_code == 403


async def test_actions_need_the_csrf_token(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    ticket_id, _ = await urgent_ticket(app, client)
    await staff.log_in(client, "ana")
    assert (await client.post(f"/console/tickets/{ticket_id}/claim")).status_code == 403
    async with app.state.services.sessions() as session:
        assert (await session.get(Ticket, ticket_id)).status == TicketStatus.QUEUED


async def test_urgent_tickets_jump_the_queue(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    # A normal ticket first (the user asks for a person), then an urgent one.
    await say(client, "user-normal-1", "halo")
    async with transaction(app.state.services.sessions) as session:
        conversation = await session.scalar(select(Conversation))
        normal = await open_ticket(session, conversation, "webchat", urgent=False, reason="human_agent")
    await app.state.services.extras["handoff"].resync()
    urgent_id, _ = await urgent_ticket(app, client, "user-urgent-2")
    csrf = await staff.log_in(client, "ana")
    taken = await client.post("/console/next", headers={**JSON, "X-CSRF-Token": csrf})
    assert taken.json()["ticket_id"] == urgent_id
    listed = (await client.get("/console/queue.json")).json()["tickets"]
    assert [t["id"] for t in listed] == [urgent_id, normal.ticket_id]


async def test_presence_toggles(app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper) -> None:
    await staff.add("ana", available=False)
    csrf = await staff.log_in(client, "ana")
    response = await client.post("/console/presence", data={"available": "1", "csrf_token": csrf})
    assert response.status_code == 303
    page = await client.get("/console")
    assert 'id="presence">Available' in page.text


def test_handoff_list_json(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    async def prepare() -> None:
        services = await build_services(settings, migrate=True)
        try:
            result = await services.engine.handle(
                InboundMessage(Channel.WEBCHAT, "user-cli-1", "m1", InboundKind.BUTTON, button_id="emergency")
            )
            assert result.ticket_id
        finally:
            await services.aclose()

    asyncio.run(prepare())
    monkeypatch.setenv("HELPLINE_DATABASE_URL", settings.effective_database_url)
    output = CliRunner().invoke(helpline_cli, ["handoff", "list", "--json"])
    assert output.exit_code == 0, output.output
    rows = json.loads(output.output)
    assert len(rows) == 1
    assert rows[0]["priority"] == "urgent" and rows[0]["status"] == "queued"
    # Scripts and logs get the figures, never the reasons or the first words of the message.
    assert set(rows[0]) == {
        "id",
        "priority",
        "status",
        "channel",
        "language",
        "waiting_seconds",
        "assignee",
        "risk",
        "user_says_not_urgent",
        "flood",
    }
    assert rows[0]["channel"] == "webchat" and rows[0]["assignee"] is None
    assert isinstance(rows[0]["risk"], int) and rows[0]["user_says_not_urgent"] is False
    table = CliRunner().invoke(helpline_cli, ["handoff", "list"])
    assert table.exit_code == 0 and "user_says_not_urgent" in table.output


async def test_staff_messages_are_stored_as_staff(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    user = "user-staff-sender"
    ana_id = await staff.add("ana")
    ticket_id, _ = await urgent_ticket(app, client, user)
    csrf = await staff.log_in(client, "ana")
    headers = {**JSON, "X-CSRF-Token": csrf}
    await client.post(f"/console/tickets/{ticket_id}/claim", headers=headers)
    await client.post(f"/console/tickets/{ticket_id}/reply", data={"text": "halo"}, headers=headers)
    async with app.state.services.sessions() as session:
        row = await session.scalar(select(Message).where(Message.sender == Sender.STAFF))
    assert row.staff_user_id == ana_id
    assert row.delivery_status.value == "none"  # the web chat pulls; push channels get "pending"


async def test_after_the_close_the_agent_is_shown_a_404_page_and_a_supervisor_the_ticket_up_to_its_close(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    user = "user-after-close"
    await staff.add("ana")
    await staff.add("sri", "supervisor")
    ticket_id, _ = await urgent_ticket(app, client, user)
    csrf = await staff.log_in(client, "ana")
    headers = {**JSON, "X-CSRF-Token": csrf}
    await client.post(f"/console/tickets/{ticket_id}/claim", headers=headers)
    await say(client, user, "kunci-kamar-lantai-tiga")
    await client.post(
        f"/console/tickets/{ticket_id}/close", data={"outcome": "advice_given"}, headers=headers
    )
    await say(client, user, "belakangan-tanya-soal-paspor")
    page = await client.get(f"/console/tickets/{ticket_id}", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "kunci-kamar" not in page.text
    assert "not available to you" in page.text and 'href="/console"' in page.text
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as other:
        await staff.log_in(other, "sri")
        seen = await other.get(f"/console/tickets/{ticket_id}")
    assert seen.status_code == 200
    assert "kunci-kamar-lantai-tiga" in seen.text and "belakangan-tanya" not in seen.text
