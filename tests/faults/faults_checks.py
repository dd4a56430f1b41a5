"""Signed WhatsApp deliveries into a running app, and what the database holds afterwards."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
from faults_graph import APP_SECRET, PHONE_NUMBER_ID
from sqlalchemy import text

from bot.storage.db import create_engine

URGENT = "tolong saya disekap majikan, paspor diambil, tidak boleh keluar"
ORDINARY = "halo, dokumen apa saja untuk kerja ke taiwan?"


def delivery(phone: str, wamid: str, body: str) -> bytes:
    message = {
        "from": phone,
        "id": wamid,
        "timestamp": str(int(time.time())),
        "type": "text",
        "text": {"body": body},
    }
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Dewi"}, "wa_id": phone}],
        "messages": [message],
    }
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1022", "changes": [{"field": "messages", "value": value}]}],
    }
    return json.dumps(payload).encode()


def deliver(base_url: str, phone: str, wamid: str, body: str, timeout: float = 30.0) -> int:
    """POST one signed delivery; the status code, or 0 when the connection broke (not acknowledged)."""
    raw = delivery(phone, wamid, body)
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    try:
        response = httpx.post(
            f"{base_url}/webhooks/whatsapp",
            content=raw,
            timeout=timeout,
            headers={"X-Hub-Signature-256": signature, "Content-Type": "application/json"},
        )
    except httpx.HTTPError:
        return 0
    return response.status_code


def redeliver_until_acknowledged(
    base_url: str, phone: str, wamid: str, body: str, within: float = 60.0
) -> int:
    """What Meta does: retry an unacknowledged delivery until it gets a 2xx. Returns the attempts."""
    deadline = time.monotonic() + within
    attempts = 0
    while time.monotonic() < deadline:
        attempts += 1
        if 200 <= deliver(base_url, phone, wamid, body) < 300:
            return attempts
        time.sleep(0.5)
    raise AssertionError(f"{wamid} never acknowledged within {within}s")


def query(url: str, statement: str, **params: Any) -> list[tuple[Any, ...]]:
    async def run() -> list[tuple[Any, ...]]:
        engine = create_engine(url)
        try:
            async with engine.connect() as conn:
                return [tuple(row) for row in (await conn.execute(text(statement), params)).all()]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def deliveries(url: str) -> list[str]:
    return sorted(
        r[0] for r in query(url, "SELECT message_id FROM processed_deliveries WHERE channel = 'whatsapp'")
    )


def inbound_count(url: str, phone: str) -> int:
    rows = query(
        url,
        "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id "
        "JOIN contacts k ON k.id = c.contact_id WHERE k.channel_user_id = :phone AND m.direction = 'in'",
        phone=phone,
    )
    return int(rows[0][0])


def open_urgent_tickets(url: str, phone: str) -> int:
    rows = query(
        url,
        "SELECT count(*) FROM tickets t JOIN conversations c ON c.id = t.conversation_id "
        "JOIN contacts k ON k.id = c.contact_id WHERE k.channel_user_id = :phone AND t.priority = 0 "
        "AND t.status IN ('queued', 'claimed')",
        phone=phone,
    )
    return int(rows[0][0])


def wait_until(check, within: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {within}s")
