"""Upkeep on real Redis and SQL: rebuilding after Redis loses data, reclaiming a dead worker's ticket,
escalating an unclaimed urgent ticket, live events through Redis pub/sub."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from handoff_staff import StaffHelper
from sqlalchemy import func, select

from bot.storage.db import transaction
from bot.storage.models import AuditEvent, Conversation, ConversationMode, Ticket, TicketStatus
from bot.storage.types import utcnow
from handoff.desk import HandoffDesk
from handoff.queue import ORPHAN
from handoff.redis_queue import RedisQueue, connect
from tests.conftest import REDIS_URL, real_redis, say

pytestmark = pytest.mark.redis
JSON = {"Accept": "application/json"}


@pytest.fixture
async def handoff_overrides() -> AsyncIterator[dict[str, Any]]:
    """This module's app runs on Redis under a prefix of its own, deleted afterwards."""
    redis = await real_redis()
    prefix = f"helpline-test-{uuid.uuid4().hex[:10]}"
    # The app's own upkeep loop reclaims and escalates; resync is left to the tests (no race).
    yield {
        "redis_url": REDIS_URL,
        "redis_prefix": prefix,
        "handoff_escalation_seconds": 60,
        "handoff_resync_seconds": 3600,
    }
    keys = [k async for k in redis.scan_iter(match=f"{prefix}:*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


def desk_of(app: FastAPI) -> HandoffDesk:
    return app.state.services.extras["handoff"]


async def open_urgent(client: httpx.AsyncClient, user: str) -> int:
    await say(client, user, button="emergency")
    return await latest_ticket(client)


async def latest_ticket(client: httpx.AsyncClient) -> int:
    app: FastAPI = client._transport.app  # type: ignore[attr-defined]
    async with app.state.services.sessions() as session:
        return int(await session.scalar(select(func.max(Ticket.id))))


async def test_redis_loss_is_rebuilt_from_sql(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    desk = desk_of(app)
    first = await open_urgent(client, "user-rebuild-1")
    second = await open_urgent(client, "user-rebuild-2")
    held = await open_urgent(client, "user-rebuild-3")
    await staff.add("ana")
    csrf = await staff.log_in(client, "ana")
    assert (
        await client.post(f"/console/tickets/{held}/claim", headers={**JSON, "X-CSRF-Token": csrf})
    ).is_success

    redis = desk.queue.redis  # type: ignore[attr-defined]
    keys = [k async for k in redis.scan_iter(match=f"{app.state.settings.redis_prefix}:*")]
    await redis.delete(*keys)
    assert (await desk.queue.snapshot()).queued == []

    assert await desk.resync() == 2
    snapshot = await desk.queue.snapshot()
    assert snapshot.queued == [first, second]
    assert snapshot.leased in ({held: ORPHAN}, {held: desk.worker_id})  # its renewal may come first
    await desk.renew_leases()  # the live holder takes its lease back
    assert (await desk.queue.snapshot()).leased == {held: desk.worker_id}


async def test_a_dead_workers_ticket_comes_back(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    desk = desk_of(app)
    ticket_id = await open_urgent(client, "user-dead-worker")
    await staff.add("ana")
    csrf = await staff.log_in(client, "ana")
    await client.post(f"/console/tickets/{ticket_id}/claim", headers={**JSON, "X-CSRF-Token": csrf})
    async with app.state.services.sessions() as session:
        first_claim = (await session.get(Ticket, ticket_id)).claimed_at
    # Pretend the claim went through another process that then died: nobody renews its lease.
    async with desk.hub.subscribe() as inbox:
        await desk.queue.hold(ticket_id, "dead-process", 1)
        desk.held.discard(ticket_id)
        event = await asyncio.wait_for(inbox.get(), 5)  # the app's upkeep loop reclaims it
    assert event["type"] == "ticket.queued" and event["reclaimed"] is True
    assert event["ticket"]["id"] == ticket_id
    async with app.state.services.sessions() as session:
        ticket = await session.get(Ticket, ticket_id)
        conversation = await session.get(Conversation, ticket.conversation_id)
    assert ticket.status == TicketStatus.QUEUED and ticket.assignee_id is None
    assert ticket.claimed_at == first_claim  # time to (first) claim stays for the figures
    assert conversation.mode == ConversationMode.WAITING
    assert (await desk.queue.snapshot()).queued == [ticket_id]


async def test_unclaimed_urgent_ticket_is_escalated_once(app: FastAPI, client: httpx.AsyncClient) -> None:
    desk = desk_of(app)
    ticket_id = await open_urgent(client, "user-escalate")
    assert await desk.escalate() == []  # not overdue yet
    async with desk.hub.subscribe() as inbox:
        async with transaction(app.state.services.sessions) as session:
            ticket = await session.get(Ticket, ticket_id)
            ticket.created_at = utcnow() - timedelta(seconds=61)
        escalated = await desk.escalate()  # or the app's upkeep loop, whichever runs first
        event = await asyncio.wait_for(inbox.get(), 5)
    assert escalated in ([ticket_id], [])
    assert event["type"] == "ticket.escalated" and event["ticket"]["id"] == ticket_id
    assert event["ticket"]["escalated"] is True
    assert await desk.escalate() == []
    async with app.state.services.sessions() as session:
        audits = await session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "ticket.escalate")
        )
    assert audits == 1


async def test_live_events_go_through_redis(app: FastAPI, client: httpx.AsyncClient) -> None:
    desk = desk_of(app)
    async with desk.hub.subscribe() as inbox:
        ticket_id = await open_urgent(client, "user-live-redis")
        events = [await asyncio.wait_for(inbox.get(), 5) for _ in range(2)]
    assert [e["type"] for e in events] == ["ticket.queued", "message.in"]
    assert events[0]["ticket"]["id"] == ticket_id and events[0]["ticket"]["urgent"] is True
    assert "text" not in str(events)  # ids only, never message content


async def test_staff_keep_working_while_redis_is_unreachable(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    desk = desk_of(app)
    working_queue = desk.queue
    # A real client to a port where nothing listens: every queue call fails as in an outage.
    desk.queue = RedisQueue(connect("redis://127.0.0.1:1/0"), app.state.settings.redis_prefix)
    try:
        ticket_id = await open_urgent(client, "user-redis-down")  # stored in SQL; the user is answered
        await staff.add("ana")
        csrf = await staff.log_in(client, "ana")
        headers = {**JSON, "X-CSRF-Token": csrf}
        taken = await client.post("/console/next", headers=headers)
        assert taken.status_code == 200 and taken.json()["ticket_id"] == ticket_id  # SQL order
        sent = await client.post(
            f"/console/tickets/{ticket_id}/reply", data={"text": "halo"}, headers=headers
        )
        assert sent.status_code == 200
        closed = await client.post(
            f"/console/tickets/{ticket_id}/close", data={"outcome": "advice_given"}, headers=headers
        )
        assert closed.status_code == 200
    finally:
        await desk.queue.aclose()
        desk.queue = working_queue
    async with app.state.services.sessions() as session:
        assert (await session.get(Ticket, ticket_id)).status == TicketStatus.CLOSED
