"""A reply claimed by a process that dies is given back as soon as the process is gone, not when its
lease runs out (bot/storage/liveness.py), on PostgreSQL and on SQLite; a live process's claims, our
own included, are left alone."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from fakes.graph_api import SEND, FakeGraphApi
from fastapi import FastAPI
from sqlalchemy import select, text

from bot.storage.liveness import LOCK_CLASS, live_keys
from bot.storage.models import Contact, Conversation, DeliveryStatus, Direction, Message, Sender
from bot.storage.types import utcnow

REPO = Path(__file__).resolve().parents[2]
WA_USER = "6281234567890"

# Another app process, reduced to what matters here: it holds its liveness lock, prints its key and
# waits to be killed.
HOLDER = """
import asyncio, sys
from sqlalchemy.ext.asyncio import create_async_engine
from bot.storage.liveness import liveness_for

async def main():
    liveness = liveness_for(create_async_engine(sys.argv[1]))
    await liveness.start()
    print(liveness.key, flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
"""

postgres_only = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)


async def claimed_reply(app: FastAPI, owner: int, text_: str, lease: timedelta = timedelta(minutes=5)) -> int:
    """A reply to WA_USER claimed by ``owner`` (as its outbox does before sending), with a long lease."""
    services = app.state.services
    async with services.sessions() as session, session.begin():
        contact = Contact(channel="whatsapp", channel_user_id=WA_USER)
        session.add(contact)
        await session.flush()
        conversation = Conversation(contact_id=contact.id, language="id", last_inbound_at=utcnow())
        session.add(conversation)
        await session.flush()
        message = Message(
            conversation_id=conversation.id,
            direction=Direction.OUT,
            sender=Sender.BOT,
            text_encrypted=services.cipher.encrypt(text_),
            buttons=[],
            delivery_status=DeliveryStatus.SENDING,
            next_attempt_at=utcnow() + lease,
            claimed_by=owner,
        )
        session.add(message)
        await session.flush()
        return message.id


async def status_of(app: FastAPI, message_id: int) -> tuple[DeliveryStatus, int | None]:
    async with app.state.services.sessions() as session:
        found = (await session.execute(select(Message).where(Message.id == message_id))).scalar_one()
        return found.delivery_status, found.claimed_by


async def keys_alive(app: FastAPI) -> set[int]:
    async with app.state.services.db.connect() as connection:
        return await live_keys(connection)


async def is_alive(app: FastAPI, key: int) -> bool:
    return not await app.state.services.extras["liveness"].dead_among([key])


async def test_a_killed_processes_claim_is_sent_within_seconds(
    app: FastAPI, graph_api: FakeGraphApi, database_url: str
) -> None:
    other = subprocess.Popen(
        [sys.executable, "-c", HOLDER, database_url],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:
        assert other.stdout is not None
        key = int((await asyncio.to_thread(other.stdout.readline)).strip())
        assert await is_alive(app, key)
        message_id = await claimed_reply(app, key, "Hubungi 112 sekarang.")

        await asyncio.sleep(1.0)  # several sweeps (0.2 s each): the claim of a live process stays
        assert await status_of(app, message_id) == (DeliveryStatus.SENDING, key)
        assert graph_api.of(SEND) == []

        other.send_signal(signal.SIGKILL)
        other.wait(timeout=10)
        assert not await is_alive(app, key)
        (call,) = await graph_api.wait_for(SEND, 1, timeout=10)  # the lease still has ~5 minutes to run
        assert call.params["text"]["body"] == "Hubungi 112 sekarang."
        for _ in range(100):
            status, claimed_by = await status_of(app, message_id)
            if status is DeliveryStatus.SENT:
                break
            await asyncio.sleep(0.05)
        assert (status, claimed_by) == (DeliveryStatus.SENT, None)
    finally:
        other.kill()
        other.wait(timeout=10)


@postgres_only
async def test_our_own_claims_survive_a_lost_lock_connection(app: FastAPI, graph_api: FakeGraphApi) -> None:
    services = app.state.services
    outbox = services.extras["outbox"]
    key = outbox.owner
    assert key is not None and key in await keys_alive(app)
    message_id = await claimed_reply(app, key, "sedang dikirim oleh proses ini")

    async with services.db.connect() as connection:  # the database drops our lock's session
        await connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_locks"
                " WHERE locktype = 'advisory' AND classid = :c AND objid = :k AND objsubid = 2"
            ),
            {"c": LOCK_CLASS, "k": key},
        )
        await connection.commit()
    for _ in range(100):
        if key not in await keys_alive(app):
            break
        await asyncio.sleep(0.01)
    assert key not in await keys_alive(app)  # before the watcher (every 5 s) notices
    await outbox.dispatch_due()  # our own sweep does not give away what we are still sending
    assert await status_of(app, message_id) == (DeliveryStatus.SENDING, key)

    for _ in range(200):
        await asyncio.sleep(0.05)
        if key in await keys_alive(app):
            break
    assert key in await keys_alive(app)  # taken again, under the same key
    await outbox.dispatch_due()
    assert await status_of(app, message_id) == (DeliveryStatus.SENDING, key)
    assert graph_api.of(SEND) == []


async def test_a_sent_reply_carries_no_claim(app: FastAPI, graph_api: FakeGraphApi) -> None:
    outbox = app.state.services.extras["outbox"]
    message_id = await claimed_reply(app, 12345, "balasan", lease=timedelta(seconds=-1))  # lease over
    await outbox.dispatch_due()
    await graph_api.wait_for(SEND, 1, timeout=10)
    await outbox.drain()
    assert await status_of(app, message_id) == (DeliveryStatus.SENT, None)


async def test_a_process_knows_itself_alive(app: FastAPI) -> None:
    outbox = app.state.services.extras["outbox"]
    assert outbox.owner is not None and await is_alive(app, outbox.owner)
    assert not await is_alive(app, outbox.owner + 1 if outbox.owner < 2**31 - 1 else 1)


async def test_a_sweep_goes_on_when_liveness_cannot_be_told(app: FastAPI, graph_api: FakeGraphApi) -> None:
    services = app.state.services
    liveness = services.extras["liveness"]

    async def unknown(keys: object) -> set[int]:
        raise ConnectionError("liveness connection lost")

    liveness.dead_among = unknown
    held_elsewhere = await claimed_reply(app, 4242, "dipegang proses lain")  # makes the sweep ask
    await services.extras["outbox"].dispatch_due()  # must not raise, and must not give the claim back
    assert await status_of(app, held_elsewhere) == (DeliveryStatus.SENDING, 4242)
