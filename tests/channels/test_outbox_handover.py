"""The engine hands a turn's replies straight to the outbox: sent at once without a sweep, and never
ahead of an older reply to the same chat that is still waiting."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from channel_helpers import fixture_bytes, post_whatsapp
from fakes.graph_api import SEND, FakeGraphApi
from fastapi import FastAPI
from sqlalchemy import select

from bot.storage.models import Contact, Conversation, DeliveryStatus, Direction, Message, Sender
from bot.storage.types import utcnow

WA_USER = "6281234567890"  # the sender in whatsapp/fixtures/text.json


def no_sweeps(app: FastAPI) -> list[int]:
    """Stop the outbox's timer and wake-ups from sending anything; returns a counter of attempts."""
    outbox = app.state.services.extras["outbox"]
    outbox.sweep_seconds = 3600
    calls: list[int] = []

    async def counted() -> None:
        calls.append(1)

    outbox.dispatch_due = counted
    return calls


async def test_a_turns_replies_are_sent_without_any_sweep(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    sweeps = no_sweeps(app)
    assert (await post_whatsapp(client, fixture_bytes("whatsapp", "text.json"))).status_code == 200
    for _ in range(200):
        async with app.state.services.sessions() as session:
            statuses = (
                await session.scalars(select(Message.delivery_status).where(Message.direction == Direction.OUT))
            ).all()
        if statuses and set(statuses) == {DeliveryStatus.SENT}:
            break
        await asyncio.sleep(0.05)
    assert statuses and set(statuses) == {DeliveryStatus.SENT}, statuses
    assert {c.params["to"] for c in graph_api.of(SEND)} == {WA_USER}
    assert len(graph_api.of(SEND)) == len(statuses)
    assert sweeps == []


async def test_an_older_waiting_reply_still_goes_first(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    services = app.state.services
    async with services.sessions() as session, session.begin():
        contact = Contact(channel="whatsapp", channel_user_id=WA_USER)
        session.add(contact)
        await session.flush()
        conversation = Conversation(contact_id=contact.id, language="id", last_inbound_at=utcnow())
        session.add(conversation)
        await session.flush()
        session.add(  # a staff reply whose first send failed: due again in half a second
            Message(
                conversation_id=conversation.id,
                direction=Direction.OUT,
                sender=Sender.STAFF,
                text_encrypted=services.cipher.encrypt("balasan staf yang tertunda"),
                buttons=[],
                delivery_status=DeliveryStatus.PENDING,
                delivery_attempts=1,
                next_attempt_at=utcnow() + timedelta(seconds=0.5),
            )
        )
    assert (await post_whatsapp(client, fixture_bytes("whatsapp", "text.json"))).status_code == 200
    first, *rest = await graph_api.wait_for(SEND, 2, timeout=15)
    assert first.params["text"]["body"] == "balasan staf yang tertunda"
    assert rest and all(c.params["to"] == WA_USER for c in rest)
