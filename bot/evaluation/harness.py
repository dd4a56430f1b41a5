"""A private helpline on a throw-away SQLite file: the real engine, flows, NLU and handoff, no channels.

Each conversation is a fresh contact; time is the harness's own clock (``advance``), so "a notice at
most every five minutes" can be checked without waiting.
"""

from __future__ import annotations

import itertools
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.engine import EngineResult
from bot.messages import Channel, InboundKind, InboundMessage, parse_command
from bot.services import Services, build_services
from bot.settings import Settings
from bot.storage.db import transaction
from bot.storage.models import Contact, Conversation, StaffRole, StaffUser, Ticket, TicketPriority
from handoff import service as handoff
from handoff.transcript import store_staff_reply

NO_LOGIN = "!"  # not a password: no argon2 hash matches it, so nobody can log in with it


@dataclass(frozen=True, slots=True)
class TicketView:
    """The open ticket of a conversation, as the checks see it."""

    urgent: bool
    held: bool
    user_says_not_urgent: bool
    reasons_sealed: bool

    @property
    def kind(self) -> str:
        return "urgent" if self.urgent else "normal"


class Helpline:
    """One in-process helpline; :meth:`person` starts a new contact."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.clock = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 10:00 in Jakarta, inside office hours
        self._ids = itertools.count(1)
        self._prefix = uuid.uuid4().hex[:8]  # several helplines may share one PostgreSQL database (tests)
        self._staff: StaffUser | None = None

    def advance(self, minutes: float) -> None:
        self.clock += timedelta(minutes=minutes)

    def person(self, channel: Channel = Channel.WEBCHAT) -> Person:
        return Person(self, channel, f"eval-{self._prefix}-{next(self._ids):06d}")

    async def staff(self) -> StaffUser:
        if self._staff is None:
            async with transaction(self.services.sessions) as session:
                # "!" is no argon2 hash: this account can never log in to a console.
                staff = StaffUser(name=f"eval-agent-{self._prefix}", password_hash=NO_LOGIN, role=StaffRole.AGENT, active=True)
                session.add(staff)
            self._staff = staff
        return self._staff


class Person:
    def __init__(self, helpline: Helpline, channel: Channel, user_id: str) -> None:
        self.helpline = helpline
        self.channel = channel
        self.user_id = user_id
        self._messages = itertools.count(1)

    def _inbound(self, **fields: object) -> InboundMessage:
        return InboundMessage(
            self.channel,
            self.user_id,
            f"{self.user_id}-{next(self._messages)}",
            received_at=self.helpline.clock,
            **fields,  # type: ignore[arg-type]
        )

    async def says(self, text: str) -> EngineResult:
        command = parse_command(text)
        if command:
            return await self.command(*command)
        return await self.helpline.services.engine.handle(self._inbound(kind=InboundKind.TEXT, text=text))

    async def presses(self, button_id: str) -> EngineResult:
        return await self.helpline.services.engine.handle(self._inbound(kind=InboundKind.BUTTON, button_id=button_id))

    async def command(self, name: str, args: str = "") -> EngineResult:
        inbound = self._inbound(kind=InboundKind.COMMAND, text=f"/{name} {args}".strip(), command=name, command_args=args)
        return await self.helpline.services.engine.handle(inbound)

    async def _conversation_id(self) -> int | None:
        async with self.helpline.services.sessions() as session:
            return await session.scalar(
                select(Conversation.id)
                .join(Contact, Contact.id == Conversation.contact_id)
                .where(Contact.channel == str(self.channel), Contact.channel_user_id == self.user_id)
                .where(Conversation.closed_at.is_(None))
                .order_by(Conversation.id.desc())
                .limit(1)
            )

    async def open_ticket(self) -> TicketView | None:
        conversation_id = await self._conversation_id()
        if conversation_id is None:
            return None
        async with self.helpline.services.sessions() as session:
            ticket = await handoff.find_open_ticket(session, conversation_id)
            if ticket is None:
                return None
            return _view(ticket)

    async def _ticket_id(self) -> int:
        conversation_id = await self._conversation_id()
        async with self.helpline.services.sessions() as session:
            ticket = await handoff.find_open_ticket(session, conversation_id or -1)
        if ticket is None:
            raise LookupError("no open ticket for this person")
        return ticket.id

    async def staff_claims(self) -> None:
        staff = await self.helpline.staff()
        ticket_id = await self._ticket_id()
        async with transaction(self.helpline.services.sessions) as session:
            await handoff.claim(session, ticket_id, staff.id)

    async def staff_says(self, text: str) -> None:
        staff = await self.helpline.staff()
        ticket_id = await self._ticket_id()
        async with transaction(self.helpline.services.sessions) as session:
            await store_staff_reply(session, self.helpline.services.cipher, ticket_id, staff, text)

    async def staff_finishes(self, outcome: str | None) -> None:
        staff = await self.helpline.staff()
        ticket_id = await self._ticket_id()
        async with transaction(self.helpline.services.sessions) as session:
            await handoff.finish(
                session, ticket_id, staff, outcome=handoff.Outcome(outcome) if outcome else None
            )


def _view(ticket: Ticket) -> TicketView:
    return TicketView(
        urgent=ticket.priority == int(TicketPriority.URGENT),
        held=ticket.status.value == "claimed",
        user_says_not_urgent=ticket.user_not_urgent_at is not None,
        reasons_sealed=ticket.triage_encrypted is not None,
    )


@asynccontextmanager
async def private_helpline(
    model_dir: Path | None = None, *, database_url: str = "", nlu_backend: str = "embedded"
) -> AsyncIterator[Helpline]:
    """A helpline on a temporary SQLite file, deleted afterwards (or on ``database_url``, migrated).
    ``model_dir``: reuse a built NLU model."""
    with tempfile.TemporaryDirectory(prefix="helpline-eval-") as tmp:
        settings = Settings(
            data_dir=Path(tmp),
            database_url=database_url,
            redis_url="",
            nlu_backend=nlu_backend,
            nlu_model_dir=model_dir,
        )
        services = await build_services(settings, migrate=True, channels=False, background_jobs=False)
        try:
            yield Helpline(services)
        finally:
            await services.aclose()
