"""A flood of fake emergencies never costs a real person help (issue 22, part 1; handoff/flood.py).

Through the real app: every sender gets the emergency card at once, the flood's tickets go to the
"possible flood" lane, real urgent tickets from other addresses come first in queue order and in take
next, supervisors are alerted once, flood-lane tickets never escalate one by one, ordinary messages
above the limit get a polite wait, urgent ones still the card, and the limits reset after the window.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from security_helpers import BOTH_DATABASES, add_staff, log_in
from sqlalchemy import func, select

import locales
from bot.engine import MSG_PLEASE_WAIT
from bot.storage.models import AuditEvent, Contact, Conversation, StaffUser, Ticket
from handoff import service
from handoff.flood import FloodGuard, FloodLimits, RedisFloodGuard
from tests.conftest import real_redis

FLOOD_ADDRESS = "203.0.113.66"
FLOODS = 30  # well past the per-address limit (6 urgent tickets a minute); 10 real ones arrive among them
REAL = 10


def client_at(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


def new_user() -> str:
    return secrets.token_urlsafe(16)


async def press_emergency(client: httpx.AsyncClient, user: str) -> list[dict]:
    response = await client.post("/chat/messages", json={"user": user, "button": "emergency"})
    assert response.status_code == 200, response.text
    return response.json()["replies"]


async def write(client: httpx.AsyncClient, user: str, text: str) -> list[dict]:
    response = await client.post("/chat/messages", json={"user": user, "text": text})
    assert response.status_code == 200, response.text
    return response.json()["replies"]


async def tickets_by_user(app: FastAPI) -> dict[int, tuple[str, bool]]:
    async with app.state.services.sessions() as session:
        rows = await session.execute(
            select(Ticket.id, Contact.channel_user_id, Ticket.flood)
            .join(Conversation, Conversation.id == Ticket.conversation_id)
            .join(Contact, Contact.id == Conversation.contact_id)
        )
        return {ticket_id: (user, flood) for ticket_id, user, flood in rows.all()}


def is_card(replies: list[dict], card: str) -> bool:
    return any(r["text"] == card for r in replies)


@pytest.mark.parametrize("database_url", BOTH_DATABASES, indirect=True)
async def test_a_flood_from_one_address_never_delays_real_emergencies(app: FastAPI) -> None:
    hub = app.state.services.extras["live"]
    desk = app.state.services.extras["handoff"]
    real_users = [new_user() for _ in range(REAL)]
    card = None
    async with hub.subscribe() as events:
        async with client_at(app, FLOOD_ADDRESS) as flooder:
            for n in range(FLOODS):
                replies = await press_emergency(flooder, new_user())
                card = card or replies[0]["text"]
                assert is_card(replies, card), replies  # the card at once, above the limit too
                if n % 3 == 2:  # real people keep arriving from their own addresses during the flood
                    index = n // 3
                    if index < REAL:
                        async with client_at(app, f"198.51.100.{index + 1}") as person:
                            assert is_card(await press_emergency(person, real_users[index]), card)
        kinds = []
        while not events.empty():
            kinds.append(events.get_nowait())
    assert card and "please wait" not in card.lower()

    owners = await tickets_by_user(app)
    real_tickets = {t for t, (user, _) in owners.items() if user in real_users}
    assert len(real_tickets) == REAL
    assert not any(owners[t][1] for t in real_tickets)  # no real person in the flood lane
    assert sum(flood for _, flood in owners.values()) == FLOODS  # every flood ticket is, the first few too

    async with app.state.services.sessions() as session:
        ordered = await service.list_open_tickets(session)
        alerts = await session.scalar(select(func.count()).where(AuditEvent.action == "flood.alert"))
    assert {t.id for t in ordered[:REAL]} == real_tickets
    assert all(t.flood for t in ordered[REAL:])
    assert alerts == 1
    assert sum(1 for e in kinds if e["type"] == "flood.alert") == 1
    queued = [e for e in kinds if e["type"] == "ticket.queued"]
    assert sum(1 for e in queued if not e["ticket"]["flood"]) <= REAL + 6  # only these may ring consoles

    desk.escalation = timedelta(0)  # everything is overdue now: only real tickets escalate one by one
    assert set(await desk.escalate()) == real_tickets

    await add_staff(app, "ana", "agent")
    async with app.state.services.sessions() as session:
        ana = await session.scalar(select(StaffUser).where(StaffUser.name == "ana"))
    taken = [await desk.claim_next(ana) for _ in range(REAL)]
    assert {t.id for t in taken if t is not None} == real_tickets


async def test_the_console_shows_the_flood_lane_apart(app: FastAPI, client: httpx.AsyncClient) -> None:
    async with client_at(app, FLOOD_ADDRESS) as flooder:
        for _ in range(8):
            await press_emergency(flooder, new_user())
    async with client_at(app, "198.51.100.7") as person:
        await press_emergency(person, new_user())
    await add_staff(app, "ana", "agent")
    await log_in(client, "ana")
    rows = (await client.get("/console/queue")).text
    real_part, _, flood_part = rows.partition('id="flood-lane"')
    assert "Possible flood" in flood_part and "8 open tickets" in flood_part
    assert real_part.count('class="ticket urgent escalated') + real_part.count('class="ticket urgent"') == 1
    assert flood_part.count("ticket urgent flood") == 8
    assert "<details" in real_part[-200:] and " open" not in real_part[-200:]  # collapsed


async def test_ordinary_messages_above_the_limit_wait_urgent_ones_do_not(app: FastAPI) -> None:
    clock = [1_000_000.0]
    app.state.services.engine.flood = FloodGuard(
        FloodLimits(per_sender={"tickets": 3, "urgent": 3, "messages": 3}), clock=lambda: clock[0]
    )
    user = new_user()
    async with client_at(app, "198.51.100.20") as person:
        for _ in range(3):
            answered = await write(person, user, "dokumen apa saja untuk kerja di malaysia")
            assert not any("many messages" in r["text"] for r in answered)
        waited = await write(person, user, "dokumen apa saja untuk kerja di malaysia")
        wait_text = {locales.translate(lang, MSG_PLEASE_WAIT) for lang in ("id", "en")}
        assert [r["text"] for r in waited] and waited[0]["text"] in wait_text
        urgent = await write(person, user, "tolong saya disekap majikan, paspor diambil, saya dipukul")
        assert urgent and not any(r["text"] in wait_text for r in urgent)  # the card, not a wait
        async with app.state.services.sessions() as session:
            assert await session.scalar(select(func.count(Ticket.id))) == 1

        clock[0] += 2 * 60  # two quiet windows: the count is back to zero
        other = new_user()
        for _ in range(3):
            assert not any(r["text"] in wait_text for r in await write(person, other, "apa itu visa kerja"))


async def test_limits_reset_after_the_window_and_per_sender_on_every_channel() -> None:
    clock = [5_000_000.0]
    guard = FloodGuard(FloodLimits(), clock=lambda: clock[0])
    lanes = [await guard.ticket_lane("telegram", "555001", None, urgent=True) for _ in range(5)]
    assert [lane.flood for lane in lanes] == [False, False, False, True, True]  # 3 a minute per sender
    assert [lane.alert for lane in lanes] == [False, False, False, True, False]  # one alert per episode
    assert not (await guard.ticket_lane("telegram", "555002", None, urgent=True)).flood  # another sender
    clock[0] += 2 * 60
    assert not (await guard.ticket_lane("telegram", "555001", None, urgent=True)).flood


async def test_the_redis_guard_shares_counts_and_alerts_once() -> None:
    redis = await real_redis()
    prefix = f"test-flood-{secrets.token_hex(4)}"
    clock = [7_000_000.0]
    try:
        one = RedisFloodGuard(redis, prefix, "k" * 40, clock=lambda: clock[0])
        two = RedisFloodGuard(redis, prefix, "k" * 40, clock=lambda: clock[0])  # another process
        first = await one.ticket_lane("webchat", new_user(), FLOOD_ADDRESS, urgent=True)
        await one.opened(first, 101)
        guards = (one, two)
        lanes = [
            await guards[n % 2].ticket_lane("webchat", new_user(), FLOOD_ADDRESS, urgent=True) for n in range(7)
        ]
        assert [lane.flood for lane in lanes] == [False] * 5 + [True, True]
        assert lanes[5].earlier == (101,) and lanes[5].alert and not lanes[6].alert
        assert not (await two.ticket_lane("webchat", new_user(), "198.51.100.1", urgent=True)).flood
        assert not any(FLOOD_ADDRESS in str(key) for key in await redis.keys(f"{prefix}:*"))
        clock[0] += 2 * 60
        assert not (await two.ticket_lane("webchat", new_user(), FLOOD_ADDRESS, urgent=True)).flood
    finally:
        keys = await redis.keys(f"{prefix}:*")
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
