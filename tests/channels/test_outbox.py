"""The outbox over real HTTP: retries, 429 honoured, blocked users, splitting, buttons, the WhatsApp
window, pacing, and claims that stop two dispatchers sending one row twice."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest
from channel_helpers import settle
from fakes import bot_api as fake_bot
from fakes import graph_api as fake_graph
from fakes.bot_api import FakeBotApi
from fakes.graph_api import SEND, FakeGraphApi
from fastapi import FastAPI
from sqlalchemy import select

from bot.channels.text_limits import utf16_length
from bot.channels.whatsapp.window import OUTSIDE_WINDOW_ERROR
from bot.outbox import Outbox
from bot.storage.models import Contact, Conversation, DeliveryStatus, Direction, Message, Sender
from bot.storage.types import utcnow

TG_CHAT = "555001"
WA_USER = "6281234567890"


async def staff_says(
    app: FastAPI,
    channel: str,
    user: str,
    *texts: str,
    buttons: list[dict[str, str]] | None = None,
    last_inbound_ago: timedelta = timedelta(minutes=5),
    template: tuple[str, str] | None = None,  # (name, language code): an approved template instead of text
) -> list[int]:
    """Write pending outbound rows as the console does (sender STAFF, delivery_status PENDING)."""
    services = app.state.services
    async with services.sessions() as session, session.begin():
        contact = await session.scalar(
            select(Contact).where(Contact.channel == channel, Contact.channel_user_id == user)
        )
        if contact is None:
            contact = Contact(channel=channel, channel_user_id=user)
            session.add(contact)
            await session.flush()
        conversation = Conversation(
            contact_id=contact.id, language="id", last_inbound_at=utcnow() - last_inbound_ago
        )
        session.add(conversation)
        await session.flush()
        rows = [
            Message(
                conversation_id=conversation.id,
                direction=Direction.OUT,
                sender=Sender.STAFF,
                text_encrypted=services.cipher.encrypt(text),
                buttons=buttons or [],
                delivery_status=DeliveryStatus.PENDING,
                template_name=template[0] if template else None,
                template_language=template[1] if template else None,
            )
            for text in texts
        ]
        session.add_all(rows)
        await session.flush()
        ids = [r.id for r in rows]
    services.extras["outbox"].kick()
    return ids


async def row(app: FastAPI, message_id: int) -> Message:
    async with app.state.services.sessions() as session:
        return (await session.scalars(select(Message).where(Message.id == message_id))).one()


async def until(app: FastAPI, message_id: int, status: DeliveryStatus, timeout: float = 10.0) -> Message:
    for _ in range(int(timeout / 0.05)):
        found = await row(app, message_id)
        if found.delivery_status is status:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(
        f"row {message_id} is {found.delivery_status}, expected {status}: {found.last_error}"
    )


async def test_staff_message_is_sent_when_the_console_kicks(app: FastAPI, bot_api: FakeBotApi) -> None:
    (mid,) = await staff_says(app, "telegram", TG_CHAT, "Halo, saya Rina dari hotline.")
    sent = await until(app, mid, DeliveryStatus.SENT)
    (call,) = bot_api.of("sendMessage")
    assert (call.params["chat_id"], call.params["text"]) == (TG_CHAT, "Halo, saya Rina dari hotline.")
    assert sent.delivery_attempts == 1 and sent.platform_message_id is not None


async def test_telegram_429_waits_retry_after_then_sends(app: FastAPI, bot_api: FakeBotApi) -> None:
    bot_api.fail_next("sendMessage", fake_bot.flood(retry_after=1))
    (mid,) = await staff_says(app, "telegram", TG_CHAT, "pesan penting")
    sent = await until(app, mid, DeliveryStatus.SENT)
    first, second = bot_api.of("sendMessage")
    assert second.at - first.at >= 0.95  # retry_after honoured
    assert sent.delivery_attempts == 2 and sent.last_error is None


@pytest.mark.parametrize("times", [1, 2])
async def test_telegram_500_is_retried_not_lost(app: FastAPI, bot_api: FakeBotApi, times: int) -> None:
    bot_api.fail_next("sendMessage", fake_bot.server_error(), times=times)
    (mid,) = await staff_says(app, "telegram", TG_CHAT, "coba lagi")
    sent = await until(app, mid, DeliveryStatus.SENT)
    assert len(bot_api.of("sendMessage")) == times + 1
    assert sent.delivery_attempts == times + 1


async def test_retries_end_as_failed_with_the_reason(app: FastAPI, bot_api: FakeBotApi) -> None:
    app.state.services.extras["outbox"].max_attempts = 2
    bot_api.fail_next("sendMessage", fake_bot.server_error(), times=2)
    (mid,) = await staff_says(app, "telegram", TG_CHAT, "tidak sampai")
    failed = await until(app, mid, DeliveryStatus.FAILED)
    assert failed.last_error is not None and failed.last_error.startswith("gave up after 2 attempts")


async def test_user_who_blocked_the_bot_is_marked_and_skipped(app: FastAPI, bot_api: FakeBotApi) -> None:
    bot_api.fail_next("sendMessage", fake_bot.blocked())
    first, second = await staff_says(app, "telegram", TG_CHAT, "satu", "dua")
    assert (await until(app, first, DeliveryStatus.FAILED)).last_error == (
        "telegram: Forbidden: bot was blocked by the user"
    )
    assert (await until(app, second, DeliveryStatus.FAILED)).last_error == "recipient blocked the bot"
    assert len(bot_api.of("sendMessage")) == 1
    async with app.state.services.sessions() as session:
        assert await session.scalar(select(Contact.blocked_at)) is not None


async def test_telegram_long_text_is_split_at_boundaries(app: FastAPI, bot_api: FakeBotApi) -> None:
    paragraph = "Paspor dan visa kerja harus asli. " * 40  # ~1,360 characters
    text = "\n\n".join(paragraph.strip() for _ in range(7))  # ~9,500 characters
    (mid,) = await staff_says(app, "telegram", TG_CHAT, text)
    await until(app, mid, DeliveryStatus.SENT)
    parts = [c.params["text"] for c in bot_api.of("sendMessage")]
    assert len(parts) == 3
    assert all(utf16_length(p) <= 4096 for p in parts)
    assert all(p.endswith("asli.") for p in parts)  # cut at a paragraph, never mid-word
    assert "\n\n".join(parts) == text


async def test_telegram_long_text_retry_resumes_at_the_failed_part(app: FastAPI, bot_api: FakeBotApi) -> None:
    paragraph = "Paspor dan visa kerja harus asli. " * 40
    text = "\n\n".join(f"{n}. {paragraph.strip()}" for n in range(7))  # three parts, each different
    bot_api.fail_next("sendMessage", fake_bot.server_error(), after=1)  # the second part fails once
    (mid,) = await staff_says(app, "telegram", TG_CHAT, text)
    sent = await until(app, mid, DeliveryStatus.SENT)
    first, second, second_again, third = (c.params["text"] for c in bot_api.of("sendMessage"))
    assert second_again == second  # retried from the part that failed...
    assert "\n\n".join([first, second, third]) == text  # ...so the user sees each part once
    assert (sent.delivery_attempts, sent.delivery_parts_sent) == (2, 1)


async def test_whatsapp_long_text_retry_resumes_at_the_failed_part(
    app: FastAPI, graph_api: FakeGraphApi
) -> None:
    paragraph = "Dokumen yang perlu disiapkan sebelum berangkat. " * 40
    text = "\n\n".join(f"Bagian {n}: {paragraph.strip()}" for n in range(5))  # three parts
    graph_api.fail_next(SEND, fake_graph.server_error(), after=2)  # the third part fails once
    (mid,) = await staff_says(app, "whatsapp", WA_USER, text)
    sent = await until(app, mid, DeliveryStatus.SENT)
    bodies = [c.params["text"]["body"] for c in graph_api.of(SEND)]
    assert bodies[2] == bodies[3] and len(set(bodies)) == len(bodies) - 1  # only the failed part twice
    assert "\n\n".join(dict.fromkeys(bodies)) == text
    assert (sent.delivery_attempts, sent.delivery_parts_sent) == (2, 2)


async def test_telegram_buttons_become_an_inline_keyboard(app: FastAPI, bot_api: FakeBotApi) -> None:
    buttons = [{"id": "agency_check", "title": "Cek agen"}, {"id": "emergency", "title": "Darurat"}]
    (mid,) = await staff_says(app, "telegram", TG_CHAT, "Pilih:", buttons=buttons)
    await until(app, mid, DeliveryStatus.SENT)
    (call,) = bot_api.of("sendMessage")
    keyboard = call.params["reply_markup"]["inline_keyboard"]
    assert [[(b["text"], b["callback_data"]) for b in r] for r in keyboard] == [
        [("Cek agen", "agency_check")],
        [("Darurat", "emergency")],
    ]


async def test_pacing_per_chat(app: FastAPI, bot_api: FakeBotApi) -> None:
    app.state.services.extras["telegram"].sender.per_chat_interval = 0.3
    ids = await staff_says(app, "telegram", TG_CHAT, "1", "2", "3")
    await until(app, ids[-1], DeliveryStatus.SENT)
    calls = bot_api.of("sendMessage")
    assert [c.params["text"] for c in calls] == ["1", "2", "3"]  # in order
    assert all(b.at - a.at >= 0.28 for a, b in itertools.pairwise(calls))


@pytest.mark.parametrize(
    ("failure", "status", "calls"),
    [
        (fake_graph.rate_limited(), DeliveryStatus.SENT, 2),
        (fake_graph.server_error(), DeliveryStatus.SENT, 2),
        (fake_graph.bad_request(), DeliveryStatus.FAILED, 1),
    ],
    ids=["429", "500", "400"],
)
async def test_graph_api_errors(
    app: FastAPI, graph_api: FakeGraphApi, failure: object, status: DeliveryStatus, calls: int
) -> None:
    graph_api.fail_next(SEND, failure)  # type: ignore[arg-type]
    (mid,) = await staff_says(app, "whatsapp", WA_USER, "Halo dari hotline")
    done = await until(app, mid, status)
    assert len(graph_api.of(SEND)) == calls
    if status is DeliveryStatus.FAILED:
        assert done.last_error is not None and "(#100) Invalid parameter" in done.last_error
    else:
        assert done.platform_message_id == "wamid.SENT000001"


async def test_429_retry_after_header_is_honoured(app: FastAPI, graph_api: FakeGraphApi) -> None:
    graph_api.fail_next(SEND, fake_graph.rate_limited())  # Retry-After: 1
    (mid,) = await staff_says(app, "whatsapp", WA_USER, "Halo")
    await until(app, mid, DeliveryStatus.SENT)
    first, second = graph_api.of(SEND)
    assert second.at - first.at >= 0.95


async def test_whatsapp_outside_the_24h_window_is_refused(app: FastAPI, graph_api: FakeGraphApi) -> None:
    (mid,) = await staff_says(app, "whatsapp", WA_USER, "Halo?", last_inbound_ago=timedelta(hours=25))
    failed = await until(app, mid, DeliveryStatus.FAILED)
    assert failed.last_error == OUTSIDE_WINDOW_ERROR
    await settle(app)
    assert graph_api.of(SEND) == []


async def test_whatsapp_template_goes_out_after_the_window_while_free_text_is_refused(
    app: FastAPI, graph_api: FakeGraphApi
) -> None:
    closed = timedelta(hours=30)
    (text_id,) = await staff_says(app, "whatsapp", WA_USER, "Halo, masih di sana?", last_inbound_ago=closed)
    template = ("helpline_follow_up", "id")
    (template_id,) = await staff_says(
        app, "whatsapp", WA_USER, "template: helpline_follow_up", last_inbound_ago=closed, template=template
    )
    assert (await until(app, text_id, DeliveryStatus.FAILED)).last_error == OUTSIDE_WINDOW_ERROR
    sent = await until(app, template_id, DeliveryStatus.SENT)
    (call,) = graph_api.of(SEND)  # the free text never reached Meta
    assert call.params == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": WA_USER,
        "type": "template",
        "template": {"name": "helpline_follow_up", "language": {"code": "id"}},
    }
    assert sent.platform_message_id == "wamid.SENT000001" and sent.last_error is None


async def test_a_template_row_on_telegram_fails_with_the_reason(app: FastAPI, bot_api: FakeBotApi) -> None:
    (mid,) = await staff_says(app, "telegram", TG_CHAT, "template: x", template=("helpline_follow_up", "id"))
    failed = await until(app, mid, DeliveryStatus.FAILED)
    assert failed.last_error == "telegram has no message templates"
    await settle(app)
    assert bot_api.of("sendMessage") == []


def _buttons(n: int, title: str = "Pilihan") -> list[dict[str, str]]:
    return [{"id": f"choice_{i}", "title": f"{title} {i}"} for i in range(1, n + 1)]


@pytest.mark.parametrize(
    ("buttons", "expected_type"),
    [(_buttons(3), "button"), (_buttons(4), "list"), (_buttons(10), "list"), (_buttons(11), "text"),
     (_buttons(2, "Judul yang panjang sekali"), "text")],
    ids=["3-buttons", "4-list", "10-list", "11-text", "long-titles-text"],
)  # fmt: skip
async def test_whatsapp_buttons_lists_and_numbered_text(
    app: FastAPI, graph_api: FakeGraphApi, buttons: list[dict[str, str]], expected_type: str
) -> None:
    (mid,) = await staff_says(app, "whatsapp", WA_USER, "Pilih salah satu:", buttons=buttons)
    await until(app, mid, DeliveryStatus.SENT)
    (call,) = graph_api.of(SEND)
    body = call.params
    if expected_type == "text":
        assert body["type"] == "text"
        assert body["text"]["body"].splitlines()[-1] == f"{len(buttons)}. {buttons[-1]['title']}"
        return
    assert body["type"] == "interactive"
    interactive = body["interactive"]
    assert interactive["type"] == expected_type
    assert interactive["body"]["text"] == "Pilih salah satu:"
    if expected_type == "button":
        replies = [b["reply"] for b in interactive["action"]["buttons"]]
        assert [(r["id"], r["title"]) for r in replies] == [(b["id"], b["title"]) for b in buttons]
    else:
        rows = interactive["action"]["sections"][0]["rows"]
        assert [(r["id"], r["title"]) for r in rows] == [(b["id"], b["title"]) for b in buttons]
        assert len(interactive["action"]["button"]) <= 20


async def test_whatsapp_long_text_with_buttons(app: FastAPI, graph_api: FakeGraphApi) -> None:
    text = "Dokumen yang perlu disiapkan sebelum berangkat. " * 110  # ~5,300 characters
    (mid,) = await staff_says(app, "whatsapp", WA_USER, text, buttons=_buttons(2))
    await until(app, mid, DeliveryStatus.SENT)
    calls = [c.params for c in graph_api.of(SEND)]
    assert [c["type"] for c in calls[:-1]] == ["text"] * (len(calls) - 1)
    assert calls[-1]["type"] == "interactive"
    assert all(len(c["text"]["body"]) <= 4096 for c in calls[:-1])
    assert len(calls[-1]["interactive"]["body"]["text"]) <= 1024


async def test_two_dispatchers_never_send_a_row_twice(
    app: FastAPI, bot_api: FakeBotApi, graph_api: FakeGraphApi
) -> None:
    services = app.state.services
    main: Outbox = services.extras["outbox"]
    await main.stop()  # run two fresh dispatchers side by side, as two processes would
    chats = [str(555100 + i) for i in range(4)]
    for chat in chats:
        await staff_says(app, "telegram", chat, *(f"{chat}-{n}" for n in range(5)))
    senders = {"telegram": services.extras["telegram"].sender}
    first = Outbox(services.sessions, services.cipher, senders)
    second = Outbox(services.sessions, services.cipher, senders)
    await asyncio.gather(first.drain(), second.drain(), first.drain(), second.drain())
    texts = [c.params["text"] for c in bot_api.of("sendMessage")]
    assert sorted(texts) == sorted(f"{chat}-{n}" for chat in chats for n in range(5))  # each exactly once
    for chat in chats:  # and in order within each chat
        assert [t for t in texts if t.startswith(chat)] == [f"{chat}-{n}" for n in range(5)]


async def test_a_dead_workers_claim_expires_and_the_row_is_sent(app: FastAPI, bot_api: FakeBotApi) -> None:
    services = app.state.services
    outbox: Outbox = services.extras["outbox"]
    await outbox.stop()
    live, expired = await staff_says(app, "telegram", TG_CHAT, "held", "orphaned")
    async with services.sessions() as session, session.begin():
        for mid, lease in ((live, timedelta(minutes=1)), (expired, -timedelta(seconds=1))):
            found = await session.get(Message, mid)
            assert found is not None
            found.delivery_status = DeliveryStatus.SENDING
            found.next_attempt_at = utcnow() + lease
    await outbox.drain()
    # The older row is still held by a live claim, so the chat waits (order is kept).
    assert bot_api.of("sendMessage") == []
    async with services.sessions() as session, session.begin():
        held = await session.get(Message, live)
        assert held is not None
        held.next_attempt_at = utcnow() - timedelta(seconds=1)  # that worker died too
    await outbox.drain()
    assert [c.params["text"] for c in bot_api.of("sendMessage")] == ["held", "orphaned"]
