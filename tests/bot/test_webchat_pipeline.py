"""The engine's pipeline end to end through the web chat API, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.engine import MAX_STORED_CHARS
from bot.services import Services
from bot.storage.db import transaction
from bot.storage.models import (
    Contact,
    Conversation,
    ConversationMode,
    Direction,
    Message,
    ProcessedDelivery,
    StaffRole,
    StaffUser,
    ThemeEvent,
    Ticket,
    TicketPriority,
)
from handoff import service as handoff
from tests.conftest import say


def services_of(app: FastAPI) -> Services:
    return app.state.services


async def transcript(app: FastAPI, user: str) -> list[tuple[str, str]]:
    services = services_of(app)
    async with services.sessions() as s:
        rows = (
            await s.scalars(
                select(Message)
                .join(Conversation, Message.conversation_id == Conversation.id)
                .join(Contact, Conversation.contact_id == Contact.id)
                .where(Contact.channel_user_id == user)
                .order_by(Message.id)
            )
        ).all()
    return [(str(m.direction), services.cipher.decrypt(m.text_encrypted)) for m in rows]


async def test_halo_gets_a_reply(client: httpx.AsyncClient) -> None:
    replies = await say(client, "user-halo-1", "halo")
    assert replies
    assert all(r["text"].strip() for r in replies)


async def test_redelivered_message_is_answered_once(client: httpx.AsyncClient, app: FastAPI) -> None:
    first = await client.post("/chat/messages", json={"user": "user-dedupe-1", "text": "halo", "id": "m-1"})
    second = await client.post("/chat/messages", json={"user": "user-dedupe-1", "text": "halo", "id": "m-1"})
    assert first.status_code == second.status_code == 200
    assert first.json()["replies"]
    assert second.json() == {"replies": [], "cursor": 0, "duplicate": True}
    inbound = [t for d, t in await transcript(app, "user-dedupe-1") if d == "in"]
    assert inbound == ["halo"]


async def test_concurrent_posts_for_one_user_are_processed_one_at_a_time(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = "user-ordering-1"
    await say(client, user, "halo")
    # Questions the bot answers itself (no handoff), so every turn has replies to interleave.
    texts = [("berapa biaya ke taiwan?", "dokumen apa saja yang perlu?")[n % 2] for n in range(20)]
    responses = await asyncio.gather(
        *(
            client.post("/chat/messages", json={"user": user, "text": t, "id": f"o-{n}"})
            for n, t in enumerate(texts)
        )
    )
    assert all(r.status_code == 200 for r in responses)
    rows = await transcript(app, user)
    inbound = [t for d, t in rows if d == "in"]
    assert sorted(inbound[1:]) == sorted(texts)  # each processed exactly once
    # Serialised: every inbound message is followed by its own replies before the next one starts.
    directions = "".join("i" if d == "in" else "o" for d, _ in rows)
    assert "ii" not in directions, directions
    # Each answer's cursor is past everything stored for the previous message.
    cursors = sorted(r.json()["cursor"] for r in responses)
    assert len(set(cursors)) == 20


async def test_bot_stays_silent_while_a_human_holds_the_conversation(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = "user-human-gate-1"
    await say(client, user, "halo")
    services = services_of(app)
    async with transaction(services.sessions) as s:
        staff = StaffUser(name="agent-gate", password_hash="x", role=StaffRole.AGENT)
        s.add(staff)
        conversation = await s.scalar(
            select(Conversation).join(Contact).where(Contact.channel_user_id == user)
        )
        assert conversation is not None
        opened = await handoff.open_ticket(s, conversation, "webchat", urgent=False, reason="test")
        await s.flush()
        await handoff.claim(s, opened.ticket_id, staff.id)
    assert await say(client, user, "halo lagi, apa kabar?") == []
    assert await say(client, user, "tolong saya disekap majikan") == []  # even urgent: staff see it
    async with services.sessions() as s:
        conversation = await s.scalar(
            select(Conversation).join(Contact).where(Contact.channel_user_id == user)
        )
        assert conversation is not None and conversation.mode is ConversationMode.HUMAN
    inbound = [t for d, t in await transcript(app, user) if d == "in"]
    assert inbound[-2:] == ["halo lagi, apa kabar?", "tolong saya disekap majikan"]


async def test_a_failed_turn_stores_nothing_so_the_redelivery_is_answered(
    client: httpx.AsyncClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = services_of(app).engine

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("flow crashed mid-turn")

    monkeypatch.setattr(engine._runner, "run", broken)
    crashed = await client.post("/chat/messages", json={"user": "user-crash-1", "text": "halo", "id": "c-1"})
    assert crashed.status_code == 500
    assert "Traceback" not in crashed.text
    async with services_of(app).sessions() as s:
        assert await s.scalar(select(func.count()).select_from(ProcessedDelivery)) == 0
    monkeypatch.undo()
    retried = await client.post("/chat/messages", json={"user": "user-crash-1", "text": "halo", "id": "c-1"})
    assert retried.status_code == 200 and retried.json()["replies"]


async def test_answers_write_anonymous_theme_events(client: httpx.AsyncClient, app: FastAPI) -> None:
    welcome = await say(client, "user-theme-1", "halo")
    await say(client, "user-theme-1", button=welcome[-1]["buttons"][0]["id"])  # "I agree"
    await say(client, "user-theme-1", "berapa biaya penempatan ke taiwan?")
    async with services_of(app).sessions() as s:
        events = (await s.scalars(select(ThemeEvent))).all()
    assert events
    columns = set(ThemeEvent.__table__.columns.keys())
    assert not columns & {"user", "contact_id", "conversation_id", "text", "created_at"}


async def test_staff_messages_are_pulled_after_the_cursor(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = "user-pull-1"
    posted = await client.post("/chat/messages", json={"user": user, "text": "halo"})
    cursor = posted.json()["cursor"]
    services = services_of(app)
    async with transaction(services.sessions) as s:
        conversation = await s.scalar(
            select(Conversation).join(Contact).where(Contact.channel_user_id == user)
        )
        assert conversation is not None
        from bot.storage.models import Sender

        s.add(
            Message(
                conversation_id=conversation.id,
                direction=Direction.OUT,
                sender=Sender.STAFF,
                text_encrypted=services.cipher.encrypt("Halo, saya petugas hotline."),
            )
        )
    pulled = (await client.get("/chat/messages", params={"user": user, "after": cursor})).json()
    assert [m["text"] for m in pulled["messages"]] == ["Halo, saya petugas hotline."]
    assert pulled["messages"][0]["from"] == "staff"
    again = (await client.get("/chat/messages", params={"user": user, "after": pulled["cursor"]})).json()
    assert again["messages"] == []


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"", 400, "empty body"),
        (b"{not json", 400, "not valid JSON"),
        (b'{"user": "user-bad-1", "text": "\xff\xfe"}', 400, "not valid UTF-8"),
        (b'{"text": "halo"}', 422, "user"),
        (b'{"user": "x", "text": "halo"}', 422, "user"),
        (b'{"user": "user-bad-1"}', 422, "exactly one of text or button"),
        (b'{"user": "user-bad-1", "text": "   "}', 422, "text is empty"),
        (b'{"user": "user-bad-1", "text": "hi", "button": "menu"}', 422, "exactly one"),
        (b"[1, 2, 3]", 422, "body"),
        (b"[" * 5000 + b"]" * 5000, 400, "not valid JSON"),
    ],
)
async def test_bad_input_gets_a_clear_4xx(
    client: httpx.AsyncClient, body: bytes, status: int, message: str
) -> None:
    response = await client.post("/chat/messages", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert message in response.json()["error"]


async def test_a_long_paste_is_accepted_whole_and_scanned_to_its_end(client: httpx.AsyncClient, app: FastAPI) -> None:
    """A pasted advert or story longer than a chat message is not refused with an English error: it is
    stored whole, and danger written at its very end still raises an urgent ticket."""
    story = "Saya berangkat lewat sponsor dari kampung, katanya kerja di pabrik. " * 120  # ~8,000 chars
    response = await client.post(
        "/chat/messages", json={"user": "user-long-1", "text": story + " sekarang saya disekap majikan tolong"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["replies"], "a person in danger is never left in silence"
    services = services_of(app)
    async with services.sessions() as s:
        ticket = await s.scalar(
            select(Ticket).join(Conversation).join(Contact).where(Contact.channel_user_id == "user-long-1")
        )
    assert ticket is not None and ticket.priority == int(TicketPriority.URGENT)
    stored = [t for d, t in await transcript(app, "user-long-1") if d == "in"]
    assert stored[0].endswith("sekarang saya disekap majikan tolong")  # nothing cut off


async def test_text_over_the_paste_limit_gets_a_clear_error(client: httpx.AsyncClient) -> None:
    response = await client.post("/chat/messages", json={"user": "user-long-2", "text": "a" * (MAX_STORED_CHARS + 1)})
    assert response.status_code == 422
    assert str(MAX_STORED_CHARS) in response.json()["error"]


async def test_health_and_metrics(app: FastAPI, client: httpx.AsyncClient) -> None:
    app.state.settings = app.state.settings.model_copy(update={"ops_public": True})  # closed by default
    health = await client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["database"] == "ok"
    await say(client, "user-metrics-1", "halo")
    metrics = (await client.get("/metrics")).text
    assert 'helpline_messages_in_total{channel="webchat"} 1.0' in metrics
    assert "helpline_nlu_latency_seconds_count" in metrics
    assert "helpline_queue_depth" in metrics


async def test_chat_page_is_served_with_local_assets(client: httpx.AsyncClient) -> None:
    page = await client.get("/chat")
    assert page.status_code == 200
    assert '<script src="/chat/static/chat.js"' in page.text
    assert "http" not in page.text.split("<body>")[1]  # no CDN
    assert (await client.get("/chat/static/chat.js")).status_code == 200
    assert (await client.get("/chat/static/..%2F..%2Froutes.py")).status_code == 404


async def test_every_answer_carries_security_headers(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/chat"),
        await client.get("/healthz"),
        await client.post("/chat/messages"),
    ):
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_a_huge_body_is_refused_before_it_is_read(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/chat/messages",
        content=b'{"user": "user-huge-1", "text": "' + b"a" * 2_000_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert "too large" in response.json()["error"]
