"""An erasure held back by an open urgent ticket happens when staff close that ticket."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from handoff_staff import StaffHelper
from sqlalchemy import func, select

from bot.privacy.erasure import erase_contact_data
from bot.storage.db import transaction
from bot.storage.models import Contact, Conversation, Message, Sender, Ticket
from tests.conftest import say

JSON = {"Accept": "application/json"}


async def user_messages(app: FastAPI, conversation_id: int) -> int:
    async with app.state.services.sessions() as session:
        return await session.scalar(
            select(func.count(Message.id)).where(
                Message.conversation_id == conversation_id, Message.sender == Sender.USER
            )
        )


async def test_closing_the_urgent_ticket_completes_a_pending_erasure(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    user = "user-erase-after-close"
    await staff.add("ana")
    await say(client, user, "saya dikurung majikan, paspor diambil")
    async with app.state.services.sessions() as session:
        ticket = await session.scalar(select(Ticket).order_by(Ticket.id.desc()).limit(1))
        contact = await session.scalar(select(Contact).where(Contact.channel_user_id == user))
    assert ticket is not None and ticket.priority == 0 and contact is not None

    async with transaction(app.state.services.sessions) as session:
        result = await erase_contact_data(session, contact.id)
    assert result.kept_for_urgent_ticket == [ticket.conversation_id]
    assert await user_messages(app, ticket.conversation_id) > 0  # staff still need to read it

    headers = {**JSON, "X-CSRF-Token": await staff.log_in(client, "ana")}
    assert (await client.post(f"/console/tickets/{ticket.id}/claim", headers=headers)).status_code == 200
    closed = await client.post(
        f"/console/tickets/{ticket.id}/close", data={"outcome": "referred_police"}, headers=headers
    )
    assert closed.status_code == 200, closed.text
    assert await user_messages(app, ticket.conversation_id) == 0
    async with app.state.services.sessions() as session:
        conversation = await session.get(Conversation, ticket.conversation_id)
    assert conversation is not None and conversation.flow_slots == {}
