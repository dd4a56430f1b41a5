"""Size limits on every input: request bodies, text length, JSON depth, form fields and query strings."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from access import api_routes
from fastapi import FastAPI
from security_helpers import (
    TELEGRAM_SECRET,
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
from sqlalchemy import func, select

from bot.edge import MAX_REQUEST_BYTES
from bot.engine import MAX_STORED_CHARS
from bot.storage.models import Direction, Message

DEEP = 20_000  # far past Python's recursion limit, under the web chat's 64 KiB


def body_routes(app: FastAPI) -> list[tuple[str, str]]:
    routes = []
    for route in api_routes(app):
        if "{" not in route.path:
            routes += [(m, route.path) for m in sorted(set(route.methods) & {"POST", "PUT", "PATCH"})]
    assert ("POST", "/chat/messages") in routes and ("POST", "/webhooks/whatsapp") in routes
    return routes


async def test_every_route_refuses_a_body_over_the_cap(app: FastAPI, client: httpx.AsyncClient) -> None:
    too_big = b"x" * (MAX_REQUEST_BYTES + 1)
    chunk = b"y" * (MAX_REQUEST_BYTES // 2 + 1)
    # Authentic as far as the webhooks can tell, so only the size can be the reason to refuse.
    auth = {
        "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET,
        "X-Hub-Signature-256": meta_signature(chunk * 3),
    }
    for method, path in body_routes(app):
        declared = await client.request(method, path, content=too_big, headers=auth)
        assert declared.status_code == 413, (path, declared.status_code)

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: the stream itself is cut
            for _ in range(3):
                yield chunk

        streamed = await client.request(method, path, content=chunks(), headers=auth)
        assert 400 <= streamed.status_code < 500, (path, streamed.status_code)  # 413 or 422: see below
    assert (await stored(app))["messages"] == 0


async def test_streamed_form_over_the_cap_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(3):
            yield b"name=" + b"n" * (MAX_REQUEST_BYTES // 2)

    response = await client.post(
        "/console/login", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413, response.status_code


async def test_deeply_nested_json_is_a_clean_400_everywhere(app: FastAPI, client: httpx.AsyncClient) -> None:
    deep = b"[" * DEEP + b"]" * DEEP
    deep_object = b'{"a":' * DEEP + b"1" + b"}" * DEEP
    for body in (deep, deep_object):
        as_json = {"Content-Type": "application/json"}
        answer = await client.post("/chat/messages", content=body, headers=as_json)
        assert answer.status_code in (400, 413)  # 64 KiB cap
        assert (await post_telegram(client, body, TELEGRAM_SECRET)).status_code == 400
        assert (await post_whatsapp(client, body, meta_signature(body))).status_code == 400
    assert (await stored(app))["messages"] == 0


async def test_web_chat_text_and_ids_have_length_limits(app: FastAPI, client: httpx.AsyncClient) -> None:
    user = "limits-user-0001"
    cases = [
        {"user": user, "text": "a" * (MAX_STORED_CHARS + 1)},
        {"user": user, "button": "b" * 65},
        {"user": user, "text": "halo", "id": "i" * 129},
        {"user": "u" * 129, "text": "halo"},
        {"user": "short", "text": "halo"},
    ]
    for body in cases:
        response = await client.post("/chat/messages", json=body)
        assert response.status_code == 422, (body, response.text)
    assert (await client.get("/chat/messages", params={"user": "u" * 129})).status_code == 422
    assert (await stored(app))["messages"] == 0
    # A long paste (an advert, a contract) is accepted whole up to the stored limit.
    long_paste = {"user": user, "text": "a" * MAX_STORED_CHARS}
    assert (await client.post("/chat/messages", json=long_paste)).status_code == 200


async def test_push_channel_text_is_stored_no_longer_than_the_limit(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    # Kept whole (and scanned for danger) up to the engine's stored limit, never beyond it.
    limit = MAX_STORED_CHARS
    long_text = "saya butuh bantuan " * (2 * limit // 19)
    body = raw(wa_text(long_text))
    assert (await post_whatsapp(client, body, meta_signature(body))).status_code == 200
    update = raw(tg_text(long_text[:4096]))
    assert (await post_telegram(client, update, TELEGRAM_SECRET)).status_code == 200
    async with app.state.services.sessions() as session:
        rows = (await session.scalars(select(Message).where(Message.direction == Direction.IN))).all()
        assert len(rows) == 2
        lengths = [len(app.state.services.cipher.decrypt(r.text_encrypted)) for r in rows]
        assert max(lengths) <= limit, lengths
        assert await session.scalar(select(func.count()).select_from(Message)) >= 2


async def test_console_forms_have_length_limits(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_staff(app, "root", "admin")
    too_long_name = await client.post(
        "/console/login", data={"name": "n" * 81, "password": "p", "login_csrf": "x"}
    )
    assert too_long_name.status_code in (403, 422)
    assert (await log_in(client, "root")).status_code == 303
    headers = {"X-CSRF-Token": await csrf_of(client), "Accept": "application/json"}
    for action in ("reply", "notes"):
        response = await client.post(
            f"/console/tickets/1/{action}", data={"text": "t" * 8001}, headers=headers
        )
        assert response.status_code == 422, (action, response.status_code, response.text)


async def test_console_ids_beyond_64_bits_are_clean_4xx(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_staff(app, "root", "admin")
    assert (await log_in(client, "root")).status_code == 303
    headers = {"X-CSRF-Token": await csrf_of(client), "Accept": "application/json"}
    big = 2**63
    answers = {}
    for route in api_routes(app):
        if "{ticket_id}" not in route.path or route.path.endswith("/events"):
            continue
        for method in sorted(set(route.methods) - {"HEAD"}):
            path = route.path.replace("{ticket_id}", str(big))
            response = await client.request(
                method, path, headers=headers, data={"text": "x", "outcome": "resolved"}
            )
            answers[f"{method} {route.path}"] = response.status_code
    transfer = await client.post(
        "/console/tickets/1/transfer", data={"to_staff_id": str(big)}, headers=headers
    )
    answers["transfer to a huge staff id"] = transfer.status_code
    assert len(answers) >= 6, answers
    assert all(status < 500 for status in answers.values()), answers
