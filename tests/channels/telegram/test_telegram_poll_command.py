"""`helpline telegram poll` starts what it polls and sends with (Telegram, the outbox), and none of
the web app's background jobs (handoff upkeep, the console live listener, retention)."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from channel_helpers import fixture_json
from fakes.bot_api import FakeBotApi

from bot.channels.telegram.cli import _poll
from bot.settings import Settings

WEB_APP_ONLY = {"handoff-upkeep", "handoff-live-listener", "helpline-retention"}


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_poll_answers_through_the_outbox_without_the_web_apps_jobs(
    settings: Settings, bot_api: FakeBotApi
) -> None:
    await bot_api.updates.put(fixture_json("telegram", "text.json"))
    polling = asyncio.create_task(_poll(settings))
    try:
        await bot_api.wait_for("sendMessage", 1)  # the reply went out through the outbox
        running = {task.get_name() for task in asyncio.all_tasks()}
    finally:
        polling.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await polling
    assert bot_api.of("getMe") and bot_api.of("deleteWebhook")
    assert "outbox" in running
    assert not WEB_APP_ONLY & running
    assert not {t.get_name() for t in asyncio.all_tasks()} & ({"outbox"} | WEB_APP_ONLY)  # all stopped
