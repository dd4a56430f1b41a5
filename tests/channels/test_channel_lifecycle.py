"""Start-up and the commands: channels without secrets stay off, two instances share one PostgreSQL
database without answering twice, `helpline telegram poll` and `set-webhook` use the Bot API."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from channel_helpers import (
    TELEGRAM_SECRET,
    fixture_bytes,
    fixture_json,
    make_fast,
    post_telegram,
    post_whatsapp,
    settle,
)
from fakes import bot_api as fake_bot
from fakes.bot_api import FakeBotApi
from fakes.graph_api import SEND, FakeGraphApi
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.app import create_app
from bot.channels import registry
from bot.channels.telegram.channel import ALLOWED_UPDATES, poll
from bot.channels.telegram.cli import telegram_app
from bot.settings import Settings
from bot.storage.models import Direction, Message


async def test_a_channel_without_its_secret_is_not_started(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    bare = settings.model_copy(
        update={"telegram_webhook_secret": SecretStr(""), "whatsapp_app_secret": SecretStr("")}
    )
    application = create_app(bare, migrate=True)
    with caplog.at_level(logging.INFO, logger="bot.channels.registry"):
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                telegram = await post_telegram(client, fixture_bytes("telegram", "text.json"), secret="")
                whatsapp = await post_whatsapp(client, fixture_bytes("whatsapp", "text.json"))
    assert (telegram.status_code, whatsapp.status_code) == (404, 404)
    lines = [r.getMessage() for r in caplog.records]
    assert "telegram channel not started: HELPLINE_TELEGRAM_WEBHOOK_SECRET not set" in lines
    assert "whatsapp channel not started: HELPLINE_WHATSAPP_APP_SECRET not set" in lines


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_instances_on_one_postgres_answer_once(
    settings: Settings, bot_api: FakeBotApi, graph_api: FakeGraphApi
) -> None:
    first, second = create_app(settings, migrate=False), create_app(settings, migrate=False)
    async with first.router.lifespan_context(first), second.router.lifespan_context(second):
        make_fast(first)
        make_fast(second)
        clients = [
            httpx.AsyncClient(transport=httpx.ASGITransport(app=a), base_url="http://t")
            for a in (first, second)
        ]
        telegram = fixture_bytes("telegram", "text.json")
        whatsapp = fixture_bytes("whatsapp", "text.json")
        responses = await asyncio.gather(
            *(post_telegram(c, telegram) for c in clients * 3),
            *(post_whatsapp(c, whatsapp) for c in clients * 3),
        )
        assert {r.status_code for r in responses} == {200}
        await asyncio.gather(settle(first), settle(second))
        await asyncio.sleep(0.5)
        async with first.state.services.sessions() as session:
            inbound = await session.scalar(
                select(func.count()).select_from(Message).where(Message.direction == Direction.IN)
            )
            outbound = await session.scalar(
                select(func.count()).select_from(Message).where(Message.direction == Direction.OUT)
            )
        for client in clients:
            await client.aclose()
    assert inbound == 2  # one Telegram, one WhatsApp message, however many deliveries
    assert len(bot_api.of("sendMessage")) + len(graph_api.of(SEND)) == outbound


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_polling_handles_updates_and_moves_the_offset(app: FastAPI, bot_api: FakeBotApi) -> None:
    channel = app.state.services.extras["telegram"]
    await bot_api.updates.put(fixture_json("telegram", "text.json"))
    await bot_api.updates.put(fixture_json("telegram", "callback_query.json"))
    stop = asyncio.Event()
    polling = asyncio.create_task(poll(channel, timeout=0, stop=stop))
    await bot_api.wait_for("answerCallbackQuery", 1)
    await bot_api.wait_for("getUpdates", 2)
    stop.set()
    await polling
    assert bot_api.of("deleteWebhook")
    offsets = [c.params.get("offset") for c in bot_api.of("getUpdates")]
    assert offsets[0] is None and "700006" in offsets  # past update 700005, after handling it
    await settle(app)
    assert len(bot_api.of("sendMessage")) >= 2


async def test_set_webhook_command_registers_url_and_secret(
    bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HELPLINE_TELEGRAM_TOKEN", fake_bot.TOKEN)
    monkeypatch.setenv("HELPLINE_TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET)
    monkeypatch.setenv("HELPLINE_TELEGRAM_API_BASE_URL", bot_api.base_url)
    # The command runs its own event loop; run it in a thread so the fake server keeps answering.
    args = ["set-webhook", "https://helpline.example.org/webhooks/telegram"]
    result = await asyncio.to_thread(CliRunner().invoke, telegram_app, args)
    assert result.exit_code == 0, result.output
    (call,) = bot_api.of("setWebhook")
    assert call.params["url"] == "https://helpline.example.org/webhooks/telegram"
    assert call.params["secret_token"] == TELEGRAM_SECRET
    assert call.params["allowed_updates"] == ALLOWED_UPDATES


def test_set_webhook_refuses_plain_http(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPLINE_TELEGRAM_TOKEN", fake_bot.TOKEN)
    monkeypatch.setenv("HELPLINE_TELEGRAM_WEBHOOK_SECRET", TELEGRAM_SECRET)
    result = CliRunner().invoke(telegram_app, ["set-webhook", "http://insecure.example.org/hook"])
    assert result.exit_code == 2
    assert "https://" in result.output


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_bot_api_down_at_start_up_does_not_stop_the_helpline(
    settings: Settings, bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "START_RETRY_SECONDS", 0.2)
    bot_api.fail_next("getMe", fake_bot.server_error(), times=2)
    application = create_app(settings, migrate=True)
    async with application.router.lifespan_context(application):
        make_fast(application)
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/healthz")).status_code == 200
            await bot_api.wait_for("getMe", 3)  # two failures, then the retry succeeds
            response = await post_telegram(client, fixture_bytes("telegram", "text.json"))
            assert response.status_code == 200
            await settle(application)
            assert await bot_api.wait_for("sendMessage", 1)
