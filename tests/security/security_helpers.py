"""Helpers for the security tests: signed channel payloads, staff accounts, counting what was stored.

The local Bot API and Graph API servers are the channel tests' fakes (tests/channels/fakes), reused.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import re
import time
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.storage.db import transaction
from bot.storage.models import Base, Message, ProcessedDelivery, Ticket
from handoff.auth import create_staff

TELEGRAM_SECRET = "tg-SECRET-9f8e7d6c5b4a39281706"
WHATSAPP_APP_SECRET = "meta-APPSECRET-0a1b2c3d4e5f6789"
WHATSAPP_VERIFY_TOKEN = "verify-TOKEN-5566778899"
PASSWORD = "Sandi-Rahasia-Staf-2026!"
WA_PHONE_NUMBER_ID = "106540352242922"  # the fake Graph API's number (fakes/graph_api.py)

_ids = itertools.count(1)


def truncate_all(async_url: str) -> None:
    """Empty every table of the session's PostgreSQL database (as the root conftest does)."""

    async def run() -> None:
        conn = await asyncpg.connect(
            async_url.replace("postgresql+asyncpg://", "postgresql://", 1), timeout=5
        )
        try:
            tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await conn.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        finally:
            await conn.close()

    asyncio.run(run())


BOTH_DATABASES = [pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]


def meta_signature(body: bytes, secret: str = WHATSAPP_APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def wa_text(text: str, *, sender: str = "6281234567001", message_id: str | None = None) -> dict[str, Any]:
    """A WhatsApp Cloud API webhook body carrying one text message (recorded shape)."""
    wamid = message_id or f"wamid.SEC{next(_ids):08d}{int(time.time() * 1000)}"
    return {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "102290129340398",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "6281100000000",
                                "phone_number_id": WA_PHONE_NUMBER_ID,
                            },
                            "contacts": [{"profile": {"name": "Dewi"}, "wa_id": sender}],
                            "messages": [
                                {
                                    "from": sender,
                                    "id": wamid,
                                    "timestamp": str(int(time.time()) - 5),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }


def tg_text(text: str, *, chat_id: int = 555001, update_id: int | None = None) -> dict[str, Any]:
    """A Telegram Bot API update carrying one private text message."""
    update = update_id if update_id is not None else 800000 + next(_ids)
    person = {"id": chat_id, "is_bot": False, "first_name": "Siti", "language_code": "id"}
    return {
        "update_id": update,
        "message": {
            "message_id": update % 100000,
            "from": person,
            "chat": {"id": chat_id, "first_name": "Siti", "type": "private"},
            "date": int(time.time()) - 5,
            "text": text,
        },
    }


def raw(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


async def post_whatsapp(client: httpx.AsyncClient, body: bytes, signature: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return await client.post("/webhooks/whatsapp", content=body, headers=headers)


async def post_telegram(client: httpx.AsyncClient, body: bytes, secret: str | None) -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return await client.post("/webhooks/telegram", content=body, headers=headers)


async def stored(app: FastAPI) -> dict[str, int]:
    """How many messages, dedupe keys and tickets the database holds."""
    async with app.state.services.sessions() as session:
        counts = {}
        for name, model in (("messages", Message), ("deliveries", ProcessedDelivery), ("tickets", Ticket)):
            counts[name] = int(await session.scalar(select(func.count()).select_from(model)) or 0)
        return counts


async def add_staff(app: FastAPI, name: str, role: str) -> int:
    async with transaction(app.state.services.sessions) as session:
        user = await create_staff(session, name, role, PASSWORD)
        return user.id


def login_csrf(page: httpx.Response) -> str:
    found = re.search(r'name="login_csrf" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


async def log_in(client: httpx.AsyncClient, name: str, password: str = PASSWORD) -> httpx.Response:
    """Log in through the real form; returns the POST's answer (303 on success)."""
    page = await client.get("/console/login")
    return await client.post(
        "/console/login", data={"name": name, "password": password, "login_csrf": login_csrf(page)}
    )


async def csrf_of(client: httpx.AsyncClient) -> str:
    who = await client.get("/console/session")
    assert who.status_code == 200, who.text
    return str(who.json()["csrf_token"])
