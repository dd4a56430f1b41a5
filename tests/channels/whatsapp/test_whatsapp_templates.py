"""Approved WhatsApp templates end to end: a console action after the 24-hour window closed, the
transcript, the outbox, and the template payload arriving at the local Graph API (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from channel_helpers import fixture_json, post_telegram, post_whatsapp, settle
from fakes.graph_api import SEND, FakeGraphApi
from fastapi import FastAPI
from sqlalchemy import func, select, update

import locales
from bot.storage.db import transaction
from bot.storage.models import AuditEvent, Conversation, DeliveryStatus, Message, Ticket
from bot.storage.types import utcnow
from handoff import canned
from handoff.console.pages import PAGE_TEXT
from tests.conftest import say
from tests.handoff.handoff_staff import add_staff, log_in

WA_USER = "6281234567890"  # the wa_id in fixtures/text.json
URGENT = "tolong saya disekap majikan, paspor diambil"
TEMPLATE = "helpline_follow_up"


async def whatsapp_ticket(app: FastAPI, client: httpx.AsyncClient, *, window_closed: bool = True) -> int:
    """An urgent WhatsApp message through the signed webhook; then, if asked, 25 hours pass."""
    body = fixture_json("whatsapp", "text.json")
    body["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = URGENT
    assert (await post_whatsapp(client, body)).status_code == 200
    await settle(app)  # the bot's safety replies go out while the window is still open
    async with transaction(app.state.services.sessions) as session:
        ticket_id = await session.scalar(select(func.max(Ticket.id)))
        if window_closed:
            await session.execute(update(Conversation).values(last_inbound_at=utcnow() - timedelta(hours=25)))
    assert ticket_id is not None
    return int(ticket_id)


async def telegram_ticket(app: FastAPI, client: httpx.AsyncClient) -> int:
    body = fixture_json("telegram", "text.json")
    body["message"]["text"] = URGENT
    assert (await post_telegram(client, body)).status_code == 200
    async with app.state.services.sessions() as session:
        return int(await session.scalar(select(func.max(Ticket.id))) or 0)


async def webchat_ticket(app: FastAPI, client: httpx.AsyncClient) -> int:
    await say(client, "template-webchat-user", button="emergency")
    async with app.state.services.sessions() as session:
        return int(await session.scalar(select(func.max(Ticket.id))) or 0)


async def claimed_by(client: httpx.AsyncClient, app: FastAPI, ticket_id: int, name: str) -> str:
    await add_staff(app, name)
    csrf = await log_in(client, name)
    claim = await client.post(f"/console/tickets/{ticket_id}/claim", data={"csrf_token": csrf})
    assert claim.status_code == 303, claim.text
    return csrf


async def staff_messages(app: FastAPI) -> list[Message]:
    async with app.state.services.sessions() as session:
        return list((await session.scalars(select(Message).where(Message.staff_user_id.is_not(None)))).all())


async def test_an_agent_sends_a_template_after_the_window_closed(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    ticket_id = await whatsapp_ticket(app, client)
    csrf = await claimed_by(client, app, ticket_id, "ana")
    page = await client.get(f"/console/tickets/{ticket_id}")
    assert "window is closed" in page.text
    assert 'id="reply-form"' not in page.text  # free text stays disabled
    assert f'id="template-{TEMPLATE}"' in page.text
    assert canned.find_template(TEMPLATE).text_for("id") in page.text  # staff see what the user will read
    bot_sends = len(graph_api.of(SEND))

    sent = await client.post(
        f"/console/tickets/{ticket_id}/template", data={"name": TEMPLATE, "csrf_token": csrf}
    )
    assert sent.status_code == 303, sent.text
    assert re.fullmatch(rf"/console/tickets/{ticket_id}#m\d+", sent.headers["location"])
    page = await client.get(sent.headers["location"])
    assert page.status_code == 200
    assert f"template: {TEMPLATE}\n{canned.find_template(TEMPLATE).text_for('id')}" in page.text

    await settle(app)
    calls = graph_api.of(SEND)[bot_sends:]
    assert [c.params for c in calls] == [
        {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": WA_USER,
            "type": "template",
            "template": {"name": TEMPLATE, "language": {"code": "id"}},
        }
    ]
    (row,) = await staff_messages(app)
    assert (row.template_name, row.template_language) == (TEMPLATE, "id")
    assert row.delivery_status is DeliveryStatus.SENT
    assert row.platform_message_id == f"wamid.SENT{bot_sends + 1:06d}"  # the fake's id for this call
    assert TEMPLATE.encode() not in row.text_encrypted  # encrypted like every transcript line
    async with app.state.services.sessions() as session:
        ticket = await session.get_one(Ticket, ticket_id)
        audited = await session.scalar(select(func.count()).where(AuditEvent.action == "ticket.template"))
    assert (
        ticket.first_reply_at is not None and ticket.first_reply_at >= ticket.claimed_at
    )  # counts as a reply
    assert audited == 1

    reply = await client.post(
        f"/console/tickets/{ticket_id}/reply", data={"text": "halo", "csrf_token": csrf}
    )
    assert reply.status_code == 409 and "window is closed" in reply.text  # free text is still refused


async def test_the_template_goes_in_the_conversations_language(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    ticket_id = await whatsapp_ticket(app, client)
    async with transaction(app.state.services.sessions) as session:
        await session.execute(update(Conversation).values(language="en"))
    csrf = await claimed_by(client, app, ticket_id, "ana")
    bot_sends = len(graph_api.of(SEND))
    answer = await client.post(
        f"/console/tickets/{ticket_id}/template",
        data={"name": TEMPLATE},
        headers={"Accept": "application/json", "X-CSRF-Token": csrf},
    )
    assert answer.status_code == 200 and answer.json()["ok"] is True
    await settle(app)
    (call,) = graph_api.of(SEND)[bot_sends:]
    assert call.params["template"]["language"] == {"code": "en"}
    page = await client.get(f"/console/tickets/{ticket_id}")
    assert canned.find_template(TEMPLATE).text_for("en") in page.text


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
async def test_an_unknown_template_is_refused_and_nothing_is_stored(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi, accept: str
) -> None:
    ticket_id = await whatsapp_ticket(app, client)
    csrf = await claimed_by(client, app, ticket_id, "ana")
    bot_sends = len(graph_api.of(SEND))
    answer = await client.post(
        f"/console/tickets/{ticket_id}/template",
        data={"name": "free_text_in_disguise", "csrf_token": csrf},
        headers={"Accept": accept},
    )
    assert answer.status_code == 422
    message = "There is no approved template named “free_text_in_disguise”"
    if accept == "application/json":
        assert message in answer.json()["error"]
    else:
        assert message in answer.text and 'id="error"' in answer.text
    await settle(app)
    assert await staff_messages(app) == []
    assert graph_api.of(SEND)[bot_sends:] == []


async def test_the_refusal_is_in_the_staff_members_language(app: FastAPI, client: httpx.AsyncClient) -> None:
    ticket_id = await whatsapp_ticket(app, client)
    csrf = await claimed_by(client, app, ticket_id, "ana")
    answer = await client.post(
        f"/console/tickets/{ticket_id}/template",
        data={"name": "nope", "csrf_token": csrf},
        headers={"Accept-Language": "id-ID,id;q=0.9,en;q=0.8"},
    )
    assert answer.status_code == 422
    assert locales.translate("id", canned.MSG_UNKNOWN_TEMPLATE, name="nope") in answer.text
    assert "Kirim template" in answer.text  # the page's own catalogued text, too


@pytest.mark.parametrize("make_ticket", [telegram_ticket, webchat_ticket], ids=["telegram", "webchat"])
async def test_templates_are_refused_on_other_channels(
    app: FastAPI, client: httpx.AsyncClient, make_ticket: object
) -> None:
    ticket_id = await make_ticket(app, client)  # type: ignore[operator]
    async with app.state.services.sessions() as session:
        channel = (await session.get_one(Ticket, ticket_id)).channel
    csrf = await claimed_by(client, app, ticket_id, "ana")
    answer = await client.post(
        f"/console/tickets/{ticket_id}/template",
        data={"name": TEMPLATE},
        headers={"Accept": "application/json", "X-CSRF-Token": csrf},
    )
    assert answer.status_code == 409
    assert answer.json()["error"] == (
        f"Templates exist only on WhatsApp. This conversation is on {channel}: write a normal reply instead."
    )
    assert await staff_messages(app) == []


async def test_only_the_holder_with_a_csrf_token_and_a_console_role_sends(
    app: FastAPI, client: httpx.AsyncClient, graph_api: FakeGraphApi
) -> None:
    ticket_id = await whatsapp_ticket(app, client)
    await claimed_by(client, app, ticket_id, "ana")
    path = f"/console/tickets/{ticket_id}/template"
    assert (await client.post(path, data={"name": TEMPLATE})).status_code == 403  # no CSRF token
    transport = httpx.ASGITransport(app=app)
    for name, role, status in (("budi", "agent", 409), ("pia", "programme", 403)):
        await add_staff(app, name, role)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
            csrf = await log_in(other, name)
            answer = await other.post(path, data={"name": TEMPLATE, "csrf_token": csrf})
            assert answer.status_code == status, (name, answer.text)
    await settle(app)
    assert await staff_messages(app) == []


def test_the_shipped_templates_load_and_bad_entries_are_named() -> None:
    template = canned.approved_templates()[TEMPLATE]
    assert dict(template.language_codes) == {"id": "id", "en": "en"}
    assert template.text_for("id") and template.text_for("en")
    assert template.translation_for("su") == "id"  # Sundanese readers get the Indonesian one
    with pytest.raises(ValueError, match="Bad-Name"):
        canned.parse_templates([{"name": "Bad-Name", "languages": {"id": "id"}}])
    with pytest.raises(ValueError, match="needs languages"):
        canned.parse_templates([{"name": "no_codes"}])
    with pytest.raises(ValueError, match="needs languages"):
        canned.parse_templates([{"name": "hyphen_code", "languages": {"en": "en-US"}}])


def test_every_string_the_ticket_page_translates_is_marked() -> None:
    ticket_html = Path(canned.__file__).parent / "console" / "templates" / "ticket.html"
    used = set(re.findall(r't\("([^"]*)"\)', ticket_html.read_text(encoding="utf-8")))
    assert used and used <= set(PAGE_TEXT)
