"""`helpline chat` builds the engine without the serving app's push channels, outbox and background
jobs, yet an urgent line typed in the terminal still opens a ticket staff see (SQL, queue, live event)."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from bot.messages import Channel, InboundKind, InboundMessage
from bot.privacy.retention import JOB_KEY
from bot.services import build_services
from bot.settings import Settings
from bot.storage.models import DeliveryStatus, Direction, Message, TicketPriority
from bot.terminal_chat import build_chat_services, run_terminal_chat
from handoff import service as handoff
from handoff.redis_queue import RedisQueue
from tests.conftest import REDIS_URL, real_redis

URGENT = "tolong saya disekap majikan, paspor diambil"
SERVING_ONLY = {"outbox", "telegram", "whatsapp", "telegram_starter", "liveness", "handoff_upkeep", JOB_KEY}


class DeadEnd:
    """A local port that accepts connections and closes them unanswered: to an HTTP client the
    platform is unreachable, and every attempt to reach it is counted."""

    def __init__(self) -> None:
        self.connections = 0
        self.url = ""

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        writer.close()


@pytest.fixture
async def dead_end() -> AsyncIterator[DeadEnd]:
    dead = DeadEnd()
    server = await asyncio.start_server(dead._accept, "127.0.0.1", 0)
    dead.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    async with server:
        yield dead


@pytest.fixture
def with_platforms(settings: Settings, dead_end: DeadEnd) -> Settings:
    """Telegram and WhatsApp fully configured, as on a staff laptop that copied the production env."""
    return settings.model_copy(
        update={
            "telegram_token": SecretStr("123456:terminal-test-token"),
            "telegram_webhook_secret": SecretStr("tg-secret-for-the-terminal-test"),
            "telegram_api_base_url": f"{dead_end.url}/bot",
            "whatsapp_token": SecretStr("wa-token"),
            "whatsapp_app_secret": SecretStr("wa-app-secret"),
            "whatsapp_verify_token": SecretStr("wa-verify"),
            "whatsapp_phone_number_id": "1234567890",
            "whatsapp_api_base_url": dead_end.url,
        }
    )


async def test_chat_services_start_no_channel_and_no_background_task(
    with_platforms: Settings, dead_end: DeadEnd
) -> None:
    services = await build_chat_services(with_platforms)
    try:
        assert not SERVING_ONLY & services.extras.keys()
        assert asyncio.all_tasks() == {asyncio.current_task()}  # no outbox, retry, upkeep or listener
        assert "handoff" in services.extras  # the desk still queues new tickets
        await asyncio.sleep(0.3)
    finally:
        await services.aclose()
    assert dead_end.connections == 0  # no getMe, nothing sent to WhatsApp


async def test_the_serving_defaults_do_call_the_platform(with_platforms: Settings, dead_end: DeadEnd) -> None:
    """The control for the test above: the app's defaults reach the same dead end (getMe)."""
    services = await build_services(with_platforms)
    try:
        assert {"outbox", "telegram", "whatsapp", "handoff_upkeep"} <= services.extras.keys()
        for _ in range(100):
            if dead_end.connections:
                break
            await asyncio.sleep(0.05)
    finally:
        await services.aclose()
    assert dead_end.connections >= 1


async def test_an_urgent_line_opens_a_ticket_and_sends_nobody_elses_replies(
    with_platforms: Settings, dead_end: DeadEnd
) -> None:
    # A Telegram reply another process stored and has not sent yet.
    services = await build_chat_services(with_platforms)
    try:
        await services.engine.handle(
            InboundMessage(Channel.TELEGRAM, "555001", "tg-1", InboundKind.TEXT, text="halo")
        )
    finally:
        await services.aclose()

    out = io.StringIO()
    await run_terminal_chat(with_platforms, "tester", io.StringIO(f"halo\n{URGENT}\n"), out)

    assert "queued for staff]" in out.getvalue()
    services = await build_chat_services(with_platforms)
    try:
        async with services.sessions() as session:
            tickets = await handoff.list_open_tickets(session)  # what the console lists
            telegram_out = (
                await session.scalars(
                    select(Message.delivery_status).where(
                        Message.direction == Direction.OUT, Message.delivery_status != DeliveryStatus.NONE
                    )
                )
            ).all()
    finally:
        await services.aclose()
    assert [(t.channel, t.priority, t.status) for t in tickets] == [
        ("cli", int(TicketPriority.URGENT), "queued")
    ]
    assert f"[ticket #{tickets[0].id} queued for staff]" in out.getvalue()
    assert telegram_out and set(telegram_out) == {DeliveryStatus.PENDING}  # left for the serving app
    assert dead_end.connections == 0


@pytest.mark.redis
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_with_redis_the_terminal_ticket_is_queued_and_announced(settings: Settings) -> None:
    redis = await real_redis()
    prefix = f"helpline-test-{uuid.uuid4().hex[:10]}"
    pubsub = redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(f"{prefix}:handoff:events")
    try:
        shared = settings.model_copy(update={"redis_url": REDIS_URL, "redis_prefix": prefix})
        out = io.StringIO()
        await run_terminal_chat(shared, "tester", io.StringIO(f"{URGENT}\n"), out)
        queued = (await RedisQueue(redis, prefix).snapshot()).queued
        events = []
        for _ in range(10):  # None also stands for the (ignored) subscribe confirmation
            message = await pubsub.get_message(timeout=0.2)
            if message is not None:
                events.append(json.loads(message["data"]))
    finally:
        await pubsub.aclose()
        keys = [k async for k in redis.scan_iter(match=f"{prefix}:*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
    assert len(queued) == 1
    assert f"[ticket #{queued[0]} queued for staff]" in out.getvalue()
    announced = [e for e in events if e["type"] == "ticket.queued"]
    assert [(e["ticket"]["id"], e["ticket"]["urgent"]) for e in announced] == [(queued[0], True)]
