"""Ticket lifecycle in SQL, the system of record.

    queued --claim--> claimed --close(outcome)--> closed
       ^                 |  \\--return--> returned (the bot resumes)
       |                 +--transfer--> claimed (another staff member)
       +---- lease of a dead process expired (reclaim) ----+

The engine calls :func:`open_ticket` inside its transaction; staff actions come from the console via
:mod:`handoff.desk`, which adds the queue and live notifications after each commit. Every state
change is a compare-and-set on the row, so two processes can never both win.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.messages import OutboundMessage
from bot.storage.crypto import TranscriptCipher
from bot.storage.models import (
    AuditEvent,
    Conversation,
    ConversationMode,
    StaffRole,
    StaffUser,
    Ticket,
    TicketPriority,
    TicketStatus,
)
from bot.storage.types import UTCDateTime, utcnow
from handoff import policy
from handoff.order import clamp_risk, served_before, sql_order
from handoff.triage import Triage, country_label, reason_labels

OPEN_STATUSES = (TicketStatus.QUEUED, TicketStatus.CLAIMED)


class Outcome(enum.StrEnum):
    """How a ticket was closed (stored in Ticket.outcome, counted by insights)."""

    ADVICE_GIVEN = "advice_given"
    REFERRED_POLICE = "referred_police"
    REFERRED_EMBASSY = "referred_embassy"
    REFERRED_BP3MI = "referred_bp3mi"
    REFERRED_SHELTER = "referred_shelter"
    REFERRED_HEALTH = "referred_health"
    NO_RESPONSE = "no_response"
    DUPLICATE = "duplicate"
    # Nothing urgent was going on (a typed button word, a test, a mis-tap). Counted by
    # `helpline nlu evaluate --outcomes` as the detector's false alarms.
    FALSE_ALARM = "false_alarm"


OUTCOME_LABELS = {
    Outcome.ADVICE_GIVEN: "Advice given",
    Outcome.REFERRED_POLICE: "Referred to police",
    Outcome.REFERRED_EMBASSY: "Referred to embassy / consulate",
    Outcome.REFERRED_BP3MI: "Referred to BP3MI",
    Outcome.REFERRED_SHELTER: "Referred to shelter",
    Outcome.REFERRED_HEALTH: "Referred to health service",
    Outcome.NO_RESPONSE: "No response from the user",
    Outcome.DUPLICATE: "Duplicate",
    Outcome.FALSE_ALARM: "False alarm (not urgent)",
}


class HandoffError(Exception):
    """A staff action that cannot happen; ``str()`` is shown to the staff member."""

    status_code = 409  # the ticket's state does not allow it (taken, closed, not yours)

    def in_language(self, lang: str) -> str:
        """The message for a console in ``lang`` (errors with catalogued text translate it)."""
        return str(self)


class AlreadyTaken(HandoffError):
    """A second claim on the same ticket: one staff member wins, the other is told this."""


class NotAllowed(HandoffError):
    """The ticket is not theirs, or it is no longer open."""


class NotPermitted(NotAllowed):
    """The staff member's role does not allow this on this ticket (e.g. an agent on a colleague's)."""

    status_code = 403


@dataclass(frozen=True, slots=True)
class OpenedTicket:
    ticket_id: int
    urgent: bool
    created: bool  # False when an open ticket already existed (maybe raised to urgent)
    notice: OutboundMessage | None = None  # what the user is told now (expected wait, out of hours)
    expected_wait_seconds: int | None = None  # None when nobody can say (out of hours, nobody online)
    out_of_hours: bool = False


async def find_open_ticket(session: AsyncSession, conversation_id: int) -> Ticket | None:
    return await session.scalar(
        select(Ticket)
        .where(Ticket.conversation_id == conversation_id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc())
        .limit(1)
    )


async def open_ticket(
    session: AsyncSession,
    conversation: Conversation,
    channel: str,
    *,
    urgent: bool,
    reason: str,
    risk: int = 0,
    triage_sealed: bytes | None = None,
    location: str | None = None,
    flood: bool = False,
) -> OpenedTicket:
    """Queue the conversation for staff and pause the bot. One open ticket per conversation.

    ``location`` (the stored key, e.g. "MY:johor_bahru") picks the help numbers in the notice.

    ``risk`` (0-100) and ``triage_sealed`` (a sealed :class:`handoff.triage.Triage`) tell staff why;
    a later, riskier message on the same open ticket replaces them.

    ``flood`` opens it in the "possible flood" lane (handoff/flood.py decides); an open ticket keeps
    its lane.
    """
    priority = int(TicketPriority.URGENT if urgent else TicketPriority.NORMAL)
    risk = clamp_risk(risk)
    existing = await find_open_ticket(session, conversation.id)
    if existing is not None:
        raised = urgent and existing.priority != priority
        if raised:
            existing.priority = priority
            existing.reason = reason[:64]
        if triage_sealed is not None and (
            raised or risk > (existing.risk or 0) or existing.triage_encrypted is None
        ):
            existing.risk = max(risk, existing.risk or 0)
            existing.triage_encrypted = triage_sealed
        return OpenedTicket(existing.id, existing.priority == int(TicketPriority.URGENT), created=False)
    now = utcnow()
    ticket = Ticket(
        conversation_id=conversation.id,
        priority=priority,
        status=TicketStatus.QUEUED,
        reason=reason[:64],
        channel=str(channel),
        language=conversation.language,
        created_at=now,
        risk=risk,
        triage_encrypted=triage_sealed,
        flood=flood,
    )
    session.add(ticket)
    if conversation.mode == ConversationMode.BOT:
        conversation.mode = ConversationMode.WAITING
    await session.flush()
    notice = await policy.current().queued_notice(session, ticket, now, location=location)
    return OpenedTicket(
        ticket.id,
        urgent,
        created=True,
        notice=notice.message,
        expected_wait_seconds=notice.expected_wait_seconds,
        out_of_hours=notice.out_of_hours,
    )


def audit(session: AsyncSession, action: str, staff_id: int | None, ticket_id: int | None) -> None:
    """Who did what to which ticket, when. Never content."""
    session.add(AuditEvent(staff_user_id=staff_id, action=action, ticket_id=ticket_id, created_at=utcnow()))


async def claim(session: AsyncSession, ticket_id: int, staff_user_id: int) -> Ticket:
    """Atomic compare-and-set: of two simultaneous claims exactly one updates the row."""
    now = utcnow()
    result = await session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.status == TicketStatus.QUEUED)
        .values(
            status=TicketStatus.CLAIMED,
            assignee_id=staff_user_id,
            # A ticket reclaimed from a dead process keeps its first claim time for the figures.
            claimed_at=func.coalesce(Ticket.claimed_at, literal(now, UTCDateTime())),
            version=Ticket.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AlreadyTaken(await _taken_message(session, ticket_id))
    ticket = await session.get_one(Ticket, ticket_id, populate_existing=True)
    conversation = await session.get_one(Conversation, ticket.conversation_id)
    conversation.mode = ConversationMode.HUMAN
    audit(session, "ticket.claim", staff_user_id, ticket_id)
    return ticket


async def _taken_message(session: AsyncSession, ticket_id: int) -> str:
    row = (
        await session.execute(
            select(Ticket.status, StaffUser.name)
            .outerjoin(StaffUser, StaffUser.id == Ticket.assignee_id)
            .where(Ticket.id == ticket_id)
        )
    ).first()
    if row is None:
        return f"Ticket {ticket_id} does not exist."
    status, name = row
    if status == TicketStatus.CLAIMED:
        return f"Ticket {ticket_id} is already taken by {name or 'another staff member'}."
    return f"Ticket {ticket_id} is already {status.value}."


async def _held_ticket(session: AsyncSession, ticket_id: int, staff: StaffUser) -> Ticket:
    """The claimed ticket, if ``staff`` holds it or supervises; row-locked for the change."""
    ticket = await session.scalar(
        select(Ticket)
        .where(Ticket.id == ticket_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if ticket is None or ticket.status != TicketStatus.CLAIMED:
        raise NotAllowed(f"Ticket {ticket_id} is not claimed by anyone (it may be closed or queued).")
    supervising = staff.role in (StaffRole.SUPERVISOR, StaffRole.ADMIN)
    if ticket.assignee_id != staff.id and not supervising:
        raise NotAllowed(f"Ticket {ticket_id} is held by another staff member.")
    return ticket


async def transfer(session: AsyncSession, ticket_id: int, staff: StaffUser, to_staff_id: int) -> Ticket:
    """Hand a claimed ticket to another console staff member (the holder, or a supervisor)."""
    target = await session.get(StaffUser, to_staff_id)
    if (
        target is None
        or not target.active
        or target.role
        not in (
            StaffRole.AGENT,
            StaffRole.SUPERVISOR,
            StaffRole.ADMIN,
        )
    ):
        raise NotAllowed("That staff member cannot take tickets.")
    ticket = await _held_ticket(session, ticket_id, staff)
    if ticket.assignee_id == to_staff_id:
        raise NotAllowed(f"{target.name} already holds ticket {ticket_id}.")
    ticket.assignee_id = to_staff_id
    ticket.version += 1
    audit(session, "ticket.transfer", staff.id, ticket_id)
    return ticket


async def finish(
    session: AsyncSession, ticket_id: int, staff: StaffUser, *, outcome: Outcome | None
) -> tuple[Ticket, Conversation]:
    """Close with an outcome, or (outcome None) return the conversation to the bot.

    Either way the bot resumes from a clean state: mode BOT and no active flow.
    """
    ticket = await _held_ticket(session, ticket_id, staff)
    return await _end(session, ticket, staff, outcome, "ticket.close" if outcome else "ticket.return")


async def _end(
    session: AsyncSession, ticket: Ticket, staff: StaffUser, outcome: Outcome | None, action: str
) -> tuple[Ticket, Conversation]:
    now = utcnow()
    ticket.status = TicketStatus.CLOSED if outcome else TicketStatus.RETURNED
    ticket.outcome = outcome.value if outcome else None
    ticket.closed_at = now
    ticket.version += 1
    conversation = await session.get_one(Conversation, ticket.conversation_id, populate_existing=True)
    conversation.mode = ConversationMode.BOT
    conversation.active_flow = None
    conversation.flow_step = None
    conversation.flow_slots = {}
    conversation.misunderstood_in_a_row = 0
    audit(session, action, staff.id, ticket.id)
    return ticket, conversation


async def false_alarm(session: AsyncSession, ticket_id: int, staff: StaffUser) -> tuple[Ticket, Conversation]:
    """Claim (if queued) and close with ``Outcome.FALSE_ALARM`` in one step; the bot resumes.

    A supervisor or admin may do it on any open ticket, an agent on a queued ticket or their own.
    The claim is the usual compare-and-set, so of a false alarm and a claim at the same moment
    exactly one wins; the other is told who has it.
    """
    ticket = await session.scalar(
        select(Ticket).where(Ticket.id == ticket_id).execution_options(populate_existing=True)
    )
    if ticket is None:
        raise NotAllowed(f"Ticket {ticket_id} does not exist.")
    if ticket.status not in OPEN_STATUSES:
        raise NotAllowed(f"Ticket {ticket_id} is already {ticket.status.value}.")
    supervising = staff.role in (StaffRole.SUPERVISOR, StaffRole.ADMIN)
    if ticket.status == TicketStatus.CLAIMED and ticket.assignee_id != staff.id and not supervising:
        holder = await session.get(StaffUser, ticket.assignee_id) if ticket.assignee_id else None
        raise NotPermitted(
            f"Ticket {ticket_id} is held by {holder.name if holder else 'another staff member'}: "
            "only they or a supervisor can mark it as a false alarm."
        )
    if ticket.status == TicketStatus.QUEUED:
        await claim(session, ticket_id, staff.id)  # AlreadyTaken if someone claimed it a moment ago
    ticket = await _held_ticket(session, ticket_id, staff)
    return await _end(session, ticket, staff, Outcome.FALSE_ALARM, "ticket.false_alarm")


async def mark_user_not_urgent(session: AsyncSession, conversation_id: int, now: datetime) -> int | None:
    """The person says it is not an emergency: mark their open ticket (the first time only).

    Returns the open ticket's id, or None when the conversation has none. The ticket stays open for
    staff (someone else may hold the phone); nothing the user says closes it. Called by the engine
    inside its transaction; audited as ``ticket.user_not_urgent`` (no staff member).
    """
    ticket = await find_open_ticket(session, conversation_id)
    if ticket is None:
        return None
    if ticket.user_not_urgent_at is None:
        marked = await session.execute(
            update(Ticket)
            .where(Ticket.id == ticket.id, Ticket.user_not_urgent_at.is_(None))
            .values(user_not_urgent_at=now)
            .execution_options(synchronize_session="fetch")
        )
        if marked.rowcount == 1:  # another process may have marked it a moment ago
            audit(session, "ticket.user_not_urgent", None, ticket.id)
    return ticket.id


async def requeue_abandoned(session: AsyncSession, ticket_id: int) -> Ticket | None:
    """A claimed ticket whose process died: back to the queue (compare-and-set on the status)."""
    result = await session.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.status == TicketStatus.CLAIMED)
        .values(status=TicketStatus.QUEUED, assignee_id=None, version=Ticket.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    ticket = await session.get_one(Ticket, ticket_id, populate_existing=True)
    conversation = await session.get_one(Conversation, ticket.conversation_id, populate_existing=True)
    conversation.mode = ConversationMode.WAITING
    audit(session, "ticket.reclaim", None, ticket_id)
    return ticket


async def escalate_overdue(session: AsyncSession, older_than: datetime) -> list[Ticket]:
    """Mark urgent tickets still queued since ``older_than`` as escalated (each exactly once)."""
    candidates = (
        await session.scalars(
            select(Ticket.id).where(
                Ticket.status == TicketStatus.QUEUED,
                Ticket.priority == int(TicketPriority.URGENT),
                Ticket.escalated_at.is_(None),
                Ticket.flood.is_(False),  # the flood lane alerts once per episode (handoff/flood.py)
                Ticket.created_at <= older_than,
            )
        )
    ).all()
    escalated = []
    for ticket_id in candidates:
        result = await session.execute(
            update(Ticket)
            .where(Ticket.id == ticket_id, Ticket.escalated_at.is_(None))
            .values(escalated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:  # another process may have escalated it a moment ago
            audit(session, "ticket.escalate", None, ticket_id)
            escalated.append(await session.get_one(Ticket, ticket_id, populate_existing=True))
    return escalated


@dataclass(frozen=True, slots=True)
class OpenTicketRow:
    id: int
    priority: int
    status: str
    channel: str
    language: str
    reason: str
    waiting_seconds: int
    assignee: str | None
    assignee_id: int | None
    escalated: bool
    created_at: datetime
    risk: int = 0
    user_not_urgent: bool = False
    flood: bool = False  # the "possible flood" lane (handoff/flood.py)
    # Why, for staff (only when listed with the transcript cipher): message content, never in as_dict.
    reasons: tuple[str, ...] = ()  # labels, e.g. 'Confinement: “disekap”'
    country: str | None = None  # e.g. "Malaysia (Johor Bahru)"
    preview: str = ""  # the first words of the message that raised it

    @property
    def urgent(self) -> bool:
        return self.priority == int(TicketPriority.URGENT)

    def as_dict(self) -> dict[str, Any]:
        """For scripts and logs (`helpline handoff list --json`, /console/queue.json): no content."""
        return {
            "id": self.id,
            "priority": "urgent" if self.urgent else "normal",
            "status": self.status,
            "channel": self.channel,
            "language": self.language,
            "waiting_seconds": self.waiting_seconds,
            "assignee": self.assignee,
            "risk": self.risk,
            "user_says_not_urgent": self.user_not_urgent,
            "flood": self.flood,
        }


@dataclass(frozen=True, slots=True)
class TriageView:
    """A ticket's triage as the console shows it (queue row and ticket page)."""

    reasons: tuple[str, ...]
    country: str | None
    preview: str
    risk: int
    user_not_urgent: bool


def triage_view(ticket: Ticket, cipher: TranscriptCipher) -> TriageView:
    """Decrypt and label a ticket's triage (an empty one when none was stored or its key is gone)."""
    triage = Triage.unseal(cipher, ticket.triage_encrypted, risk=ticket.risk or 0)
    return TriageView(
        reasons=tuple(reason_labels(triage.reasons)),
        country=country_label(triage.country),
        preview=triage.preview,
        risk=ticket.risk or 0,
        user_not_urgent=ticket.user_not_urgent_at is not None,
    )


async def list_open_tickets(
    session: AsyncSession, now: datetime | None = None, *, cipher: TranscriptCipher | None = None
) -> list[OpenTicketRow]:
    """Open tickets in dispatch order (:mod:`handoff.order`): urgent first, the riskiest first, then
    the longest waiting. With ``cipher`` the rows also carry the decrypted reasons, country and first
    words for the console; without it (scripts, logs) they carry none."""
    now = now or utcnow()
    rows = await session.execute(
        select(Ticket, StaffUser.name)
        .outerjoin(StaffUser, StaffUser.id == Ticket.assignee_id)
        .where(Ticket.status.in_(OPEN_STATUSES))
        .order_by(*sql_order())
    )
    listed = []
    for t, name in rows.all():
        view = triage_view(t, cipher) if cipher is not None else None
        listed.append(
            OpenTicketRow(
                id=t.id,
                priority=t.priority,
                status=t.status.value,
                channel=t.channel,
                language=t.language,
                reason=t.reason,
                waiting_seconds=max(0, int((now - t.created_at).total_seconds())),
                assignee=name,
                assignee_id=t.assignee_id,
                escalated=t.escalated_at is not None,
                created_at=t.created_at,
                risk=t.risk or 0,
                user_not_urgent=t.user_not_urgent_at is not None,
                flood=bool(t.flood),
                reasons=view.reasons if view else (),
                country=view.country if view else None,
                preview=view.preview if view else "",
            )
        )
    return listed


def ahead_of(ticket: Ticket) -> Any:
    """SQL condition: queued tickets served before ``ticket`` (the dispatch order, handoff.order)."""
    return served_before(ticket)
