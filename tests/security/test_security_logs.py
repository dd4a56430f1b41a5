"""No secret and no message text in the logs: a whole conversation (three channels, an urgent case,
a staff reply, a failing send) is run with production's logging set-up and every line is searched."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest
from fakes import bot_api as fake_bot
from fakes import graph_api as fake_graph
from fakes.graph_api import SEND, FakeGraphApi, bad_request
from fastapi import FastAPI
from security_helpers import (
    PASSWORD,
    TELEGRAM_SECRET,
    WHATSAPP_APP_SECRET,
    WHATSAPP_VERIFY_TOKEN,
    add_staff,
    csrf_of,
    log_in,
    meta_signature,
    post_telegram,
    post_whatsapp,
    raw,
    stored,
    tg_text,
    wa_text,
)
from sqlalchemy import select

from bot.observability import JsonLineFormatter, configure_logging
from bot.storage.models import Ticket

WA_TEXT = "ZEBRA-7731 tolong saya disekap majikan di Kuching, paspor diambil"
TG_TEXT = "KUDA-4410 agen minta uang 20 juta untuk visa, legal gak?"
WEB_TEXT = "GAJAH-9902 kontrak saya tidak ada gaji lembur"
STAFF_TEXT = "PENYU-5518 kami segera hubungi KBRI untuk Anda"
WEB_USER = "webchat-USERID-7f3a9c2e"
PHONE = "6281299887766"
TELEGRAM_CHAT = 987650123


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(JsonLineFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def production_logs() -> Iterator[Lines]:
    """Logging exactly as `helpline run` configures it, plus a handler that keeps every line."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    noisy = {
        name: logging.getLogger(name).level for name in ("httpx", "httpcore", "telegram", "uvicorn.access")
    }
    configure_logging("INFO")
    lines = Lines()
    root.addHandler(lines)
    yield lines
    root.handlers[:] = saved_handlers
    root.setLevel(saved_level)
    for name, level in noisy.items():
        logging.getLogger(name).setLevel(level)


async def conversation(app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi) -> None:
    outbox = app.state.services.extras["outbox"]
    graph_api.fail_next(SEND, bad_request())  # the first send fails: error paths log too
    body = raw(wa_text(WA_TEXT, sender=PHONE))
    assert (await post_whatsapp(client, body, "sha256=" + "0" * 64)).status_code == 401
    assert (await post_whatsapp(client, body, meta_signature(body))).status_code == 200
    assert (
        await post_telegram(client, raw(tg_text(TG_TEXT, chat_id=TELEGRAM_CHAT)), "wrong")
    ).status_code == 403
    assert (
        await post_telegram(client, raw(tg_text(TG_TEXT, chat_id=TELEGRAM_CHAT)), TELEGRAM_SECRET)
    ).status_code == 200
    assert (await client.post("/chat/messages", json={"user": WEB_USER, "text": WEB_TEXT})).status_code == 200
    assert (await client.get("/chat/messages", params={"user": WEB_USER})).status_code == 200
    await add_staff(app, "staf-logs", "agent")
    assert (await log_in(client, "staf-logs", "wrong " + PASSWORD)).status_code == 401
    assert (await log_in(client, "staf-logs")).status_code == 303
    csrf = await csrf_of(client)
    async with app.state.services.sessions() as session:
        ticket_id = await session.scalar(select(Ticket.id).order_by(Ticket.id).limit(1))
    assert ticket_id is not None
    headers = {"X-CSRF-Token": csrf, "Accept": "application/json"}
    assert (await client.post(f"/console/tickets/{ticket_id}/claim", headers=headers)).status_code == 200
    sent = await client.post(
        f"/console/tickets/{ticket_id}/reply", data={"text": STAFF_TEXT}, headers=headers
    )
    assert sent.status_code == 200, sent.text
    await outbox.drain()
    assert (await stored(app))["messages"] >= 6


async def test_logs_hold_no_secret_no_text_and_no_user_identifier(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi, production_logs: Lines
) -> None:
    await conversation(app, client, graph_api)
    log = "\n".join(production_logs.lines)
    assert production_logs.lines, log  # the app did log (the failed send): the search below means something
    secrets = {
        "telegram bot token": fake_bot.TOKEN,
        "telegram bot token secret part": fake_bot.TOKEN.split(":", 1)[1],
        "telegram webhook secret": TELEGRAM_SECRET,
        "whatsapp access token": fake_graph.TOKEN,
        "meta app secret": WHATSAPP_APP_SECRET,
        "whatsapp verify token": WHATSAPP_VERIFY_TOKEN,
        "app secret key": app.state.settings.secret_key.get_secret_value(),
        "staff password": PASSWORD,
    }
    texts = {
        "whatsapp text": "ZEBRA-7731",
        "telegram text": "KUDA-4410",
        "web chat text": "GAJAH-9902",
        "staff reply": "PENYU-5518",
        "place": "Kuching",
    }
    found = [name for name, value in {**secrets, **texts}.items() if value in log]
    assert found == [], log


async def test_logs_hold_no_phone_number_or_chat_id(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi, production_logs: Lines
) -> None:
    await conversation(app, client, graph_api)
    log = "\n".join(production_logs.lines)
    found = [
        name
        for name, value in {
            "phone": PHONE,
            "telegram chat": str(TELEGRAM_CHAT),
            "web chat id": WEB_USER,
        }.items()
        if value in log
    ]
    assert found == [], log
