"""The WhatsApp webhook through the real app, httpx and a local Graph API over HTTP."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from channel_helpers import WHATSAPP_VERIFY_TOKEN, fixture_bytes, meta_signature, post_whatsapp, settle
from fakes.graph_api import SEND, FakeGraphApi
from fastapi import FastAPI
from sqlalchemy import func, select, update

from bot.channels.channel_replies import PLEASE_WRITE
from bot.storage.models import DeliveryStatus, Direction, Message, ProcessedDelivery
from locales import translate

USER = "6281234567890"


async def count(app: FastAPI, *where: object) -> int:
    async with app.state.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Message).where(*where)) or 0)


async def deliveries(app: FastAPI) -> int:
    async with app.state.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(ProcessedDelivery)) or 0)


@pytest.mark.parametrize(
    ("params", "status", "body"),
    [
        (
            {
                "hub.mode": "subscribe",
                "hub.verify_token": WHATSAPP_VERIFY_TOKEN,
                "hub.challenge": "1158201444",
            },
            200,
            "1158201444",
        ),
        ({"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1158201444"}, 403, None),
        (
            {"hub.mode": "unsubscribe", "hub.verify_token": WHATSAPP_VERIFY_TOKEN, "hub.challenge": "1"},
            403,
            None,
        ),
        ({"hub.challenge": "1"}, 403, None),
    ],
    ids=["ok", "wrong-token", "wrong-mode", "nothing"],
)
async def test_verification_handshake(
    client: httpx.AsyncClient, params: dict[str, str], status: int, body: str | None
) -> None:
    response = await client.get("/webhooks/whatsapp", params=params)
    assert response.status_code == status
    if body is not None:
        assert response.text == body
        assert response.headers["content-type"].startswith("text/plain")


# fixture -> Graph sends expected (each message answered; statuses and reactions never)
ANSWERED = [
    "text.json",
    "button_reply.json",
    "list_reply.json",
    "quick_reply_button.json",
    "command.json",
    "image.json",
    "unknown_type.json",
]


@pytest.mark.parametrize("fixture", ANSWERED)
async def test_messages_are_stored_then_answered(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi, fixture: str
) -> None:
    response = await post_whatsapp(client, fixture_bytes("whatsapp", fixture))
    assert response.status_code == 200, response.text
    assert await deliveries(app) == 1
    await settle(app)
    sent = await graph_api.wait_for(SEND, 1)
    assert {c.params["to"] for c in sent} == {USER}
    assert all(c.params["messaging_product"] == "whatsapp" for c in sent)
    if fixture in ("image.json", "unknown_type.json"):
        assert sent[0].params["text"]["body"] == translate("id", PLEASE_WRITE)
    # the wamid of each send is kept so receipts can find the row
    assert await count(app, Message.platform_message_id.like("wamid.SENT%")) == len(sent) or len(sent) > 1


@pytest.mark.parametrize("fixture", ["reaction.json", "other_phone_number.json", "statuses_read.json"])
async def test_events_that_need_no_answer(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi, fixture: str
) -> None:
    assert (await post_whatsapp(client, fixture_bytes("whatsapp", fixture))).status_code == 200
    await settle(app)
    await asyncio.sleep(0.2)
    assert graph_api.of(SEND) == []
    assert await count(app) == 0


async def test_several_messages_and_entries_in_one_delivery(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    assert (
        await post_whatsapp(client, fixture_bytes("whatsapp", "several_messages.json"))
    ).status_code == 200
    assert await deliveries(app) == 3
    assert await count(app, Message.direction == Direction.IN) == 3
    await settle(app)
    sent = await graph_api.wait_for(SEND, 3)
    assert {c.params["to"] for c in sent} == {"6281234567890", "6285700000001", "6281800000002"}


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=" + "0" * 64, "sha1=abc", meta_signature(b"another body")],
    ids=["missing", "empty", "zeros", "sha1", "other-body"],
)
async def test_bad_signature_is_refused_and_nothing_stored(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi, signature: str | None
) -> None:
    raw = fixture_bytes("whatsapp", "text.json")
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    response = await client.post("/webhooks/whatsapp", content=raw, headers=headers)
    assert response.status_code == 401
    assert await deliveries(app) == 0
    assert await count(app) == 0


async def test_signature_is_over_the_raw_bytes(app: FastAPI, client: httpx.AsyncClient) -> None:
    # Same JSON, different whitespace: the signature of the reformatted body does not match.
    raw = fixture_bytes("whatsapp", "text.json")
    reformatted = raw.replace(b", ", b",")
    response = await client.post(
        "/webhooks/whatsapp", content=reformatted, headers={"X-Hub-Signature-256": meta_signature(raw)}
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("body", "status"),
    [(fixture_bytes("whatsapp", "malformed.json"), 400), (b'{"entry": []}', 422), (b"\xff\xfe", 400)],
    ids=["malformed", "no-object", "not-utf8"],
)
async def test_malformed_but_signed_bodies_are_rejected(
    app: FastAPI, client: httpx.AsyncClient, body: bytes, status: int
) -> None:
    response = await post_whatsapp(client, body)
    assert response.status_code == status, response.text
    assert await deliveries(app) == 0


async def test_redelivery_sequential_and_concurrent_is_answered_once(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    raw = fixture_bytes("whatsapp", "text.json")
    assert (await post_whatsapp(client, raw)).status_code == 200
    await settle(app)
    answered = len(await graph_api.wait_for(SEND, 1))
    responses = await asyncio.gather(*(post_whatsapp(client, raw) for _ in range(5)))
    assert [r.status_code for r in responses] == [200] * 5
    await settle(app)
    await asyncio.sleep(0.3)
    assert len(graph_api.of(SEND)) == answered
    assert await count(app, Message.direction == Direction.IN) == 1


async def test_receipts_are_recorded_on_the_sent_row_and_never_answered(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    assert (await post_whatsapp(client, fixture_bytes("whatsapp", "text.json"))).status_code == 200
    await settle(app)
    sent = len(await graph_api.wait_for(SEND, 1))
    # The fixtures speak of wamid.SENT000001, the fake's first answer.
    status_of = select(Message.delivery_status).where(Message.platform_message_id == "wamid.SENT000001")

    async def status() -> DeliveryStatus:
        async with app.state.services.sessions() as session:
            return (await session.scalars(status_of)).one()

    assert await status() is DeliveryStatus.SENT
    assert (await post_whatsapp(client, fixture_bytes("whatsapp", "statuses_read.json"))).status_code == 200
    assert await status() is DeliveryStatus.READ
    # A late "delivered" does not move a read message backwards.
    await post_whatsapp(client, fixture_bytes("whatsapp", "statuses_out_of_order.json"))
    assert await status() is DeliveryStatus.READ
    async with app.state.services.sessions() as session, session.begin():
        await session.execute(
            update(Message)
            .where(Message.platform_message_id == "wamid.SENT000001")
            .values(delivery_status="sent")
        )
    assert (await post_whatsapp(client, fixture_bytes("whatsapp", "status_failed.json"))).status_code == 200
    assert await status() is DeliveryStatus.FAILED
    async with app.state.services.sessions() as session:
        error = await session.scalar(
            select(Message.last_error).where(Message.platform_message_id == "wamid.SENT000001")
        )
    assert error == "whatsapp 131047: Re-engagement message"
    await settle(app)
    assert len(graph_api.of(SEND)) == sent
