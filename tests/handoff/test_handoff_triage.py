"""The staff side of triage through the real app (SQLite and PostgreSQL, in-process queue): why a ticket
is urgent in the queue row and on the ticket page, the one dispatch order (risk, then waiting time),
"Take next", the one-action false alarm, and the engine's "user says not urgent" marker."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from handoff_staff import StaffHelper
from sqlalchemy import func, select

from bot.storage.db import transaction
from bot.storage.models import (
    AuditEvent,
    Contact,
    Conversation,
    ConversationMode,
    Ticket,
    TicketStatus,
)
from bot.storage.types import utcnow
from handoff import service
from handoff.order import queue_score, ticket_score
from handoff.policy import expected_wait_seconds
from handoff.service import Outcome, mark_user_not_urgent, open_ticket
from handoff.triage import Triage, country_label, preview_of, reason_label
from tests.conftest import say

JSON = {"Accept": "application/json"}


async def add_ticket(
    app: FastAPI,
    user: str,
    *,
    urgent: bool = True,
    risk: int = 0,
    minutes_ago: float = 0,
    triage: Triage | None = None,
) -> int:
    """A conversation with an open ticket opened ``minutes_ago``, as the engine opens it."""
    services = app.state.services
    async with transaction(services.sessions) as session:
        contact = Contact(channel="webchat", channel_user_id=user)
        session.add(contact)
        await session.flush()
        conversation = Conversation(contact_id=contact.id, language="id")
        session.add(conversation)
        await session.flush()
        sealed = triage.seal(services.cipher) if triage is not None else None
        opened = await open_ticket(
            session,
            conversation,
            "webchat",
            urgent=urgent,
            reason="urgent:lexicon" if urgent else "human_agent",
            risk=risk,
            triage_sealed=sealed,
        )
        ticket = await session.get_one(Ticket, opened.ticket_id)
        ticket.created_at = utcnow() - timedelta(minutes=minutes_ago)
    await services.extras["handoff"].resync()  # the engine's after-commit enqueue, in one call
    return opened.ticket_id


async def five_tickets(app: FastAPI) -> dict[str, int]:
    """Urgent at risk 60 (oldest urgent), 90 and 90 (newer); normal at 'risk' 99 (ignored) and 0."""
    return {
        "urgent_60_old": await add_ticket(app, "u1", risk=60, minutes_ago=30),
        "normal_old": await add_ticket(app, "u2", urgent=False, risk=99, minutes_ago=60),
        "urgent_90_newest": await add_ticket(app, "u3", risk=90, minutes_ago=1),
        "urgent_90_older": await add_ticket(app, "u4", risk=90, minutes_ago=5),
        "normal_new": await add_ticket(app, "u5", urgent=False, minutes_ago=2),
    }


DISPATCH = ["urgent_90_older", "urgent_90_newest", "urgent_60_old", "normal_old", "normal_new"]


async def test_one_order_urgent_by_risk_then_waiting_then_normal_by_waiting(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    ids = await five_tickets(app)
    expected = [ids[name] for name in DISPATCH]
    async with app.state.services.sessions() as session:
        listed = [row.id for row in await service.list_open_tickets(session)]
        tickets = {t.id: t for t in await session.scalars(select(Ticket))}
        # The expected-wait estimate counts exactly the tickets served before each one.
        ahead = {
            tid: await session.scalar(select(func.count(Ticket.id)).where(service.ahead_of(tickets[tid])))
            for tid in expected
        }
    assert listed == expected
    assert [ahead[tid] for tid in expected] == [0, 1, 2, 3, 4]
    assert sorted(expected, key=lambda tid: ticket_score(tickets[tid])) == expected
    assert (await app.state.services.extras["queue"].snapshot()).queued == expected
    await staff.add("ana")
    await staff.log_in(client, "ana")
    assert [t["id"] for t in (await client.get("/console/queue.json")).json()["tickets"]] == expected


async def test_take_next_takes_the_riskiest_urgent_ticket(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    ids = await five_tickets(app)
    await staff.add("ana")
    csrf = await staff.log_in(client, "ana")
    taken = []
    for _ in range(6):
        response = await client.post("/console/next", headers={**JSON, "X-CSRF-Token": csrf})
        assert response.status_code == 200, response.text
        taken.append(response.json()["ticket_id"])
    assert taken == [ids[name] for name in DISPATCH] + [None]


async def test_take_next_without_the_queue_follows_the_same_order_from_sql(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await five_tickets(app)
    queue = app.state.services.extras["queue"]

    async def down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("queue down")

    monkeypatch.setattr(queue, "claim_next", down)
    await staff.add("ana")
    csrf = await staff.log_in(client, "ana")
    response = await client.post("/console/next", headers={**JSON, "X-CSRF-Token": csrf})
    assert response.json()["ticket_id"] == ids["urgent_90_older"]


async def test_a_riskier_message_moves_a_waiting_ticket_up(app: FastAPI) -> None:
    low = await add_ticket(app, "u-low", risk=40, minutes_ago=10)
    other = await add_ticket(app, "u-other", risk=70, minutes_ago=1)
    queue = app.state.services.extras["queue"]
    assert (await queue.snapshot()).queued == [other, low]
    services = app.state.services
    async with transaction(services.sessions) as session:  # the same person writes again, worse
        conversation_id = (await session.get_one(Ticket, low)).conversation_id
        conversation = await session.get_one(Conversation, conversation_id)
        worse = Triage(reasons=("lexicon:confinement:disekap",), risk=95)
        again = await open_ticket(
            session,
            conversation,
            "webchat",
            urgent=True,
            reason="x",
            risk=95,
            triage_sealed=worse.seal(services.cipher),
        )
        assert again.ticket_id == low and not again.created
    await services.extras["handoff"].resync()  # re-scores what the queue holds with an older score
    assert (await queue.snapshot()).queued == [low, other]


def test_scores_keep_the_order_exact_and_risk_is_clamped() -> None:
    at = utcnow()
    assert queue_score(0, at, 100) < queue_score(0, at, 99) < queue_score(0, at - timedelta(days=3000), 0)
    assert queue_score(0, at, 0) < queue_score(1, at - timedelta(days=3000), 100)
    assert queue_score(1, at, 100) == queue_score(1, at, 0)  # normal tickets: waiting time only
    assert queue_score(0, at, 250) == queue_score(0, at, 100) and queue_score(0, at, -5) == queue_score(
        0, at, 0
    )
    assert queue_score(1, at + timedelta(days=365 * 200), 0) < 2**53


def test_reason_and_country_labels() -> None:
    assert reason_label("lexicon:confinement:disekap") == "Confinement: “disekap”"
    assert reason_label("lexicon:self_harm:bunuh diri").startswith("Self-harm")
    assert reason_label("classifier:0.91") == "Classifier 91% sure"
    assert reason_label("button") == "Emergency button pressed"
    assert reason_label("plea") == "Plea for help"
    assert reason_label("emoji:distress") == "Distress emoji"
    assert reason_label("lexicon:new_category:kata") == "New category: “kata”"
    assert reason_label("something:else") == "something:else"
    assert country_label("MY:johor_bahru") == "Malaysia (Johor Bahru)"
    assert country_label("SA") == "Saudi Arabia"
    assert country_label("ZZ") == "ZZ" and country_label(None) is None


def test_every_danger_category_the_detector_can_give_has_a_label_for_staff() -> None:
    from handoff.triage import CATEGORY_LABELS
    from nlu.urgent import CATEGORY_RISK

    assert set(CATEGORY_RISK) <= set(CATEGORY_LABELS), set(CATEGORY_RISK) - set(CATEGORY_LABELS)


HOSTILE = "<script>alert('x')</script> tolong saya disekap majikan di lantai dua, pintu dikunci dari luar"


async def test_queue_row_and_ticket_page_show_why_escaped(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    triage = Triage(
        reasons=("lexicon:confinement:disekap", "classifier:0.91", "lexicon:threat:<b>bunuh</b>"),
        preview=preview_of(HOSTILE),
        country="MY:johor_bahru",
        risk=91,
    )
    ticket_id = await add_ticket(app, "u-why", risk=91, minutes_ago=3, triage=triage)
    async with transaction(app.state.services.sessions) as session:
        conversation_id = (await session.get_one(Ticket, ticket_id)).conversation_id
        assert await mark_user_not_urgent(session, conversation_id, utcnow()) == ticket_id
    await staff.add("ana")
    await staff.log_in(client, "ana")
    for page in ("/console/queue", "/console", f"/console/tickets/{ticket_id}"):
        html = (await client.get(page)).text
        assert "Confinement: “disekap”" in html, page
        assert "Classifier 91% sure" in html
        assert "Malaysia (Johor Bahru)" in html
        assert "user says not urgent" in html
        assert "risk 91" in html
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; tolong saya disekap" in html
        assert "<script>alert" not in html and "<b>bunuh</b>" not in html
        assert "&lt;b&gt;bunuh&lt;/b&gt;" in html
        assert 'class="false-alarm"' in html
    row = (await client.get("/console/queue")).text
    assert "3 min" in row  # waiting time


async def test_rows_without_triage_still_show_the_reason(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await add_ticket(app, "u-normal", urgent=False)
    await staff.add("ana")
    await staff.log_in(client, "ana")
    html = (await client.get("/console/queue")).text
    assert "human_agent" in html and "user says not urgent" not in html


async def urgent_from_chat(app: FastAPI, client: httpx.AsyncClient, user: str) -> int:
    await say(client, user, button="emergency")
    async with app.state.services.sessions() as session:
        ticket_id = await session.scalar(select(func.max(Ticket.id)))
    assert ticket_id is not None
    return ticket_id


async def actions_of(app: FastAPI, ticket_id: int) -> list[str]:
    async with app.state.services.sessions() as session:
        return list(
            await session.scalars(
                select(AuditEvent.action).where(AuditEvent.ticket_id == ticket_id).order_by(AuditEvent.id)
            )
        )


async def test_false_alarm_on_a_queued_ticket_in_one_post(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    user = "user-false-alarm"
    ana = await staff.add("ana")
    ticket_id = await urgent_from_chat(app, client, user)
    before = (await client.get("/chat/messages", params={"user": user})).json()["cursor"]
    csrf = await staff.log_in(client, "ana")
    hub = app.state.services.extras["handoff"].hub
    async with hub.subscribe() as inbox:
        response = await client.post(
            f"/console/tickets/{ticket_id}/false-alarm", headers={**JSON, "X-CSRF-Token": csrf}
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"ok": True, "ticket_id": ticket_id, "outcome": "false_alarm"}
        event = inbox.get_nowait()
    assert event["type"] == "ticket.closed" and event["ticket"]["id"] == ticket_id  # other consoles refresh
    async with app.state.services.sessions() as session:
        ticket = await session.get_one(Ticket, ticket_id)
        conversation = await session.get_one(Conversation, ticket.conversation_id)
    assert ticket.status == TicketStatus.CLOSED and ticket.outcome == Outcome.FALSE_ALARM.value
    assert ticket.assignee_id == ana and ticket.claimed_at is not None and ticket.closed_at is not None
    assert conversation.mode == ConversationMode.BOT and conversation.active_flow is None
    assert await actions_of(app, ticket_id) == ["ticket.claim", "ticket.false_alarm"]
    queue = await app.state.services.extras["queue"].snapshot()
    assert ticket_id not in queue.queued and ticket_id not in queue.leased
    told = (await client.get("/chat/messages", params={"user": user, "after": before})).json()["messages"]
    assert told and told[-1]["from"] == "bot"  # the person is told the bot is back
    assert await say(client, user, "halo") != []  # and the bot answers again


async def test_false_alarm_from_the_queue_form_on_ones_own_ticket(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    ticket_id = await urgent_from_chat(app, client, "user-own")
    csrf = await staff.log_in(client, "ana")
    await client.post(f"/console/tickets/{ticket_id}/claim", headers={**JSON, "X-CSRF-Token": csrf})
    response = await client.post(
        f"/console/tickets/{ticket_id}/false-alarm", data={"csrf_token": csrf, "back": "queue"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/console"
    async with app.state.services.sessions() as session:
        assert (await session.get_one(Ticket, ticket_id)).outcome == "false_alarm"


async def test_false_alarm_needs_the_csrf_token(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    ticket_id = await urgent_from_chat(app, client, "user-csrf")
    await staff.log_in(client, "ana")
    assert (await client.post(f"/console/tickets/{ticket_id}/false-alarm")).status_code == 403
    assert (
        await client.post(f"/console/tickets/{ticket_id}/false-alarm", data={"csrf_token": "wrong"})
    ).status_code == 403
    async with app.state.services.sessions() as session:
        assert (await session.get_one(Ticket, ticket_id)).status == TicketStatus.QUEUED


async def test_an_agent_cannot_mark_a_colleagues_ticket_but_a_supervisor_can(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    await staff.add("ana")
    await staff.add("budi")
    await staff.add("sri", "supervisor")
    ticket_id = await urgent_from_chat(app, client, "user-roles")
    ana = await staff.log_in(client, "ana")
    await client.post(f"/console/tickets/{ticket_id}/claim", headers={**JSON, "X-CSRF-Token": ana})
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        budi = await staff.log_in(other, "budi")
        refused = await other.post(
            f"/console/tickets/{ticket_id}/false-alarm", headers={**JSON, "X-CSRF-Token": budi}
        )
        assert refused.status_code == 403
        assert refused.json()["ok"] is False
        assert "held by ana" in refused.json()["error"] and "supervisor" in refused.json()["error"]
        page = await other.post(f"/console/tickets/{ticket_id}/false-alarm", data={"csrf_token": budi})
        assert page.status_code == 403 and "held by ana" in page.text  # the ticket page, with the reason
        listed = (await other.get("/console/queue")).text
        assert f'data-false-alarm="{ticket_id}"' not in listed  # no button where it would be refused
    async with app.state.services.sessions() as session:
        assert (await session.get_one(Ticket, ticket_id)).status == TicketStatus.CLAIMED
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as boss:
        sri = await staff.log_in(boss, "sri")
        assert f'data-false-alarm="{ticket_id}"' in (await boss.get("/console/queue")).text
        done = await boss.post(
            f"/console/tickets/{ticket_id}/false-alarm", headers={**JSON, "X-CSRF-Token": sri}
        )
        assert done.status_code == 200, done.text
        again = await boss.post(
            f"/console/tickets/{ticket_id}/false-alarm", headers={**JSON, "X-CSRF-Token": sri}
        )
        assert again.status_code == 409 and "already closed" in again.json()["error"]


async def test_programme_staff_cannot_mark_false_alarms(
    app: FastAPI, client: httpx.AsyncClient, staff: StaffHelper
) -> None:
    ticket_id = await urgent_from_chat(app, client, "user-programme")
    await staff.add("pia", "programme")
    csrf = await staff.log_in(client, "pia")
    response = await client.post(
        f"/console/tickets/{ticket_id}/false-alarm", headers={**JSON, "X-CSRF-Token": csrf}
    )
    assert response.status_code == 403
    async with app.state.services.sessions() as session:
        assert (await session.get_one(Ticket, ticket_id)).status == TicketStatus.QUEUED


async def test_user_not_urgent_is_marked_once_and_the_ticket_stays(app: FastAPI) -> None:
    ticket_id = await add_ticket(app, "u-mark", risk=80)
    first, later = utcnow(), utcnow() + timedelta(minutes=3)
    async with transaction(app.state.services.sessions) as session:
        conversation_id = (await session.get_one(Ticket, ticket_id)).conversation_id
        assert await mark_user_not_urgent(session, conversation_id, first) == ticket_id
    async with transaction(app.state.services.sessions) as session:
        assert await mark_user_not_urgent(session, conversation_id, later) == ticket_id
        assert await mark_user_not_urgent(session, conversation_id + 1000, later) is None
    async with app.state.services.sessions() as session:
        ticket = await session.get_one(Ticket, ticket_id)
        marks = await session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "ticket.user_not_urgent", AuditEvent.ticket_id == ticket_id
            )
        )
        marks = list(marks)
    assert ticket.user_not_urgent_at == first and ticket.status == TicketStatus.QUEUED
    assert len(marks) == 1 and marks[0].staff_user_id is None
    assert (await app.state.services.extras["queue"].snapshot()).queued == [ticket_id]


async def test_the_wait_estimate_counts_the_riskier_tickets_ahead(app: FastAPI, staff: StaffHelper) -> None:
    await staff.add("ana")
    for n in range(3):
        await add_ticket(app, f"u-ahead-{n}", risk=90, minutes_ago=1)
    newest_but_riskiest = await add_ticket(app, "u-first", risk=100)
    lowest = await add_ticket(app, "u-last", risk=10, minutes_ago=30)
    async with app.state.services.sessions() as session:
        first = await expected_wait_seconds(session, await session.get_one(Ticket, newest_but_riskiest))
        last = await expected_wait_seconds(session, await session.get_one(Ticket, lowest))
    assert first is not None and last is not None and first < last
