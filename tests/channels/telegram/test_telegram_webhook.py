"""The Telegram webhook through the real app, python-telegram-bot and a local Bot API over HTTP."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from channel_helpers import TELEGRAM_SECRET, fixture_bytes, fixture_json, post_telegram, settle
from fakes.bot_api import BOT_USER, FakeBotApi
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from bot.channels.channel_replies import PLEASE_WRITE
from bot.channels.telegram.channel import GO_PRIVATE
from bot.storage.models import (
    Contact,
    Conversation,
    ConversationMode,
    DeliveryStatus,
    Direction,
    Message,
    ProcessedDelivery,
)
from locales import translate

CHAT = 555001


async def count(app: FastAPI, model: type, *where: object) -> int:
    async with app.state.services.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def outbound_texts(app: FastAPI) -> list[str]:
    services = app.state.services
    async with services.sessions() as session:
        rows = (await session.scalars(select(Message).where(Message.direction == Direction.OUT))).all()
    return [services.cipher.decrypt(r.text_encrypted) for r in rows]


# scenario fixture -> is it answered by sending to the private chat?
ANSWERED = [
    "text.json",
    "start_deeplink.json",
    "lang_command.json",
    "callback_query.json",
    "edited_message.json",
    "photo.json",
    "voice.json",
    "sticker.json",
]


@pytest.mark.parametrize("fixture", ANSWERED)
async def test_private_messages_are_stored_then_answered(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi, fixture: str
) -> None:
    response = await post_telegram(client, fixture_bytes("telegram", fixture))
    assert response.status_code == 200, response.text
    # 200 means stored: the dedupe key and the inbound row exist before the reply is sent.
    assert await count(app, ProcessedDelivery) == 1
    assert await count(app, Message, Message.direction == Direction.IN) == 1
    await settle(app)
    sent = await bot_api.wait_for("sendMessage", 1)
    assert {int(c.params["chat_id"]) for c in sent} == {CHAT}
    assert await count(app, Message, Message.delivery_status == DeliveryStatus.PENDING) == 0
    assert await count(app, Message, Message.delivery_status == DeliveryStatus.SENT) >= 1


@pytest.mark.parametrize("fixture", ["photo.json", "voice.json", "sticker.json"])
async def test_media_gets_the_translated_please_write_reply(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi, fixture: str
) -> None:
    assert (await post_telegram(client, fixture_bytes("telegram", fixture))).status_code == 200
    await settle(app)
    (call,) = await bot_api.wait_for("sendMessage", 1)
    assert call.params["text"] == translate("id", PLEASE_WRITE)


async def test_button_press_is_answered_with_answer_callback_query(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi
) -> None:
    assert (await post_telegram(client, fixture_bytes("telegram", "callback_query.json"))).status_code == 200
    (answer,) = await bot_api.wait_for("answerCallbackQuery", 1)
    assert answer.params["callback_query_id"] == "4382bfdwdsb323b2d9"
    assert "[button: agency_check]" in [
        app.state.services.cipher.decrypt(m)
        for m in await _column(app, Message.text_encrypted, Message.direction == Direction.IN)
    ]


async def _column(app: FastAPI, column: object, *where: object) -> list:  # type: ignore[type-arg]
    async with app.state.services.sessions() as session:
        return list((await session.scalars(select(column).where(*where))).all())  # type: ignore[call-overload]


@pytest.mark.parametrize("fixture", ["group_message.json", "added_to_group.json"])
async def test_groups_are_sent_to_a_private_chat_and_nothing_is_stored(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi, fixture: str
) -> None:
    assert (await post_telegram(client, fixture_bytes("telegram", fixture))).status_code == 200
    (call,) = await bot_api.wait_for("sendMessage", 1)
    assert int(call.params["chat_id"]) == -1001234567890
    link = f"https://t.me/{BOT_USER['username']}"
    assert call.params["text"] == translate("id", GO_PRIVATE, link=link)
    assert await count(app, Message) == 0
    assert await count(app, Contact) == 0


@pytest.mark.parametrize(
    ("secret", "status"), [(None, 403), ("", 403), ("wrong-secret", 403), (TELEGRAM_SECRET + "x", 403)]
)
async def test_wrong_or_missing_secret_is_refused_and_nothing_stored(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi, secret: str | None, status: int
) -> None:
    response = await post_telegram(client, fixture_bytes("telegram", "text.json"), secret=secret)
    assert response.status_code == status
    assert await count(app, ProcessedDelivery) == 0
    assert await count(app, Message) == 0
    assert bot_api.of("sendMessage") == []


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (fixture_bytes("telegram", "malformed.json"), 400),
        (b"", 400),
        (b"[1, 2]", 400),
        (b'{"message": {"text": "no update id"}}', 400),
        (b'{"update_id": 5, "message": "not an object"}', 400),
        (b'{"update_id": 6, "message": {"message_id": 1, "date": 1764340000, "text": "no chat"}}', 400),
        (
            b'{"update_id": 7, "message": {"message_id": 1, "date": 1764340000, "text": "hi",'
            b' "chat": {"id": 5, "type": "private"}, "from": {"id": 5, "is_bot": false,'
            b' "first_name": "A", "language_code": [1]}}}',
            400,
        ),
    ],
    ids=["malformed", "empty", "array", "no-update-id", "wrong-shape", "no-chat", "language-not-text"],
)
async def test_malformed_bodies_are_rejected(
    app: FastAPI, client: httpx.AsyncClient, body: bytes, status: int
) -> None:
    response = await post_telegram(client, body)
    assert response.status_code == status, response.text
    assert await count(app, Message) == 0


async def test_redelivery_is_stored_and_answered_once(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi
) -> None:
    body = fixture_bytes("telegram", "text.json")
    assert (await post_telegram(client, body)).status_code == 200
    await settle(app)
    first = len(await bot_api.wait_for("sendMessage", 1))
    for _ in range(3):  # Telegram retries, e.g. after a timeout on its side
        assert (await post_telegram(client, body)).status_code == 200
    await settle(app)
    await asyncio.sleep(0.3)
    assert len(bot_api.of("sendMessage")) == first
    assert await count(app, Message, Message.direction == Direction.IN) == 1


async def test_concurrent_redeliveries_are_answered_once(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi
) -> None:
    body = fixture_bytes("telegram", "text.json")
    responses = await asyncio.gather(*(post_telegram(client, body) for _ in range(6)))
    assert [r.status_code for r in responses] == [200] * 6
    await settle(app)
    await asyncio.sleep(0.3)
    assert await count(app, Message, Message.direction == Direction.IN) == 1
    replies = await count(app, Message, Message.direction == Direction.OUT)
    assert len(bot_api.of("sendMessage")) == replies >= 1


async def test_a_user_who_blocked_the_bot_gets_nothing_more(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi
) -> None:
    assert (await post_telegram(client, fixture_bytes("telegram", "text.json"))).status_code == 200
    await settle(app)
    before = len(bot_api.of("sendMessage"))
    assert (await post_telegram(client, fixture_bytes("telegram", "blocked_bot.json"))).status_code == 200
    assert await count(app, Contact, Contact.blocked_at.is_not(None)) == 1
    # The next inbound (sent before the block reached us) is stored, but its replies are not sent.
    edited = fixture_json("telegram", "edited_message.json")
    assert (await post_telegram(client, edited)).status_code == 200
    await settle(app)
    assert len(bot_api.of("sendMessage")) == before
    errors = await _column(app, Message.last_error, Message.delivery_status == DeliveryStatus.FAILED)
    assert errors and set(errors) == {"recipient blocked the bot"}
    # Unblocking (the user pressed "Restart") lets replies through again.
    assert (await post_telegram(client, fixture_bytes("telegram", "unblocked_bot.json"))).status_code == 200
    assert await count(app, Contact, Contact.blocked_at.is_not(None)) == 0


async def test_storage_down_answers_503_so_telegram_retries(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi
) -> None:
    services = app.state.services
    await services.db.dispose()
    good_url = services.db.url
    # Point the sessions at a database that cannot be opened: a real storage failure, not a mock.
    broken = create_async_engine(
        "postgresql+asyncpg://nobody@127.0.0.1:1/none"
        if good_url.get_backend_name() == "postgresql"
        else "sqlite+aiosqlite:////nonexistent-helpline-dir/x.sqlite3"
    )
    services.sessions.configure(bind=broken)
    try:
        response = await post_telegram(client, fixture_bytes("telegram", "text.json"))
        assert response.status_code == 503
    finally:
        services.sessions.configure(bind=services.db)
        await broken.dispose()
    assert bot_api.of("sendMessage") == []
    # Telegram redelivers later and the message is answered once.
    assert (await post_telegram(client, fixture_bytes("telegram", "text.json"))).status_code == 200
    await settle(app)
    assert len(await bot_api.wait_for("sendMessage", 1)) >= 1


async def test_media_while_staff_hold_the_chat_is_kept_for_them_and_the_bot_stays_silent(
    app: FastAPI, client: httpx.AsyncClient, bot_api: FakeBotApi
) -> None:
    assert (await post_telegram(client, fixture_bytes("telegram", "text.json"))).status_code == 200
    await settle(app)
    before = len(bot_api.of("sendMessage"))
    async with app.state.services.sessions() as session, session.begin():
        conversation = (await session.scalars(select(Conversation))).one()
        conversation.mode = ConversationMode.HUMAN
    assert (await post_telegram(client, fixture_bytes("telegram", "photo.json"))).status_code == 200
    await settle(app)
    assert len(bot_api.of("sendMessage")) == before
    texts = [app.state.services.cipher.decrypt(t) for t in await _column(app, Message.text_encrypted)]
    assert "[media]" in texts
