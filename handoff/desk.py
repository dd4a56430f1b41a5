"""The handoff desk: every ticket action as SQL transaction first, then the queue and live events.

SQL commits before anything is announced, so a crash between the two loses nothing: the periodic
:meth:`HandoffDesk.resync` puts every open ticket back into the queue from SQL.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.privacy.erasure import complete_pending_erasure
from bot.storage.crypto import TranscriptCipher
from bot.storage.db import transaction
from bot.storage.models import Message, StaffUser, Ticket, TicketPriority, TicketStatus
from bot.storage.types import utcnow
from handoff import canned, service, transcript
from handoff.live import LiveHub
from handoff.queue import ORPHAN, ClaimOutcome, TicketQueue, ticket_score
from handoff.service import AlreadyTaken, Outcome

log = logging.getLogger(__name__)
T = TypeVar("T")


def ticket_event(kind: str, ticket: Ticket, **extra: Any) -> dict[str, Any]:
    """A live event: ids and labels only, never message text (consoles fetch content themselves)."""
    return {
        "type": kind,
        "ticket": {
            "id": ticket.id,
            "conversation_id": ticket.conversation_id,
            "urgent": ticket.priority == int(TicketPriority.URGENT),
            "status": ticket.status.value,
            "channel": ticket.channel,
            "language": ticket.language,
            "reason": ticket.reason,
            "assignee_id": ticket.assignee_id,
            "escalated": ticket.escalated_at is not None,
            "flood": bool(ticket.flood),  # the "possible flood" lane: consoles do not ring for it
        },
        **extra,
    }


class HandoffDesk:
    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        queue: TicketQueue,
        hub: LiveHub,
        cipher: TranscriptCipher,
        worker_id: str,
        lease_seconds: int,
        escalation_seconds: int,
        kick_outbox: Callable[[], None] = lambda: None,
    ) -> None:
        self.sessions = sessions
        self.queue = queue
        self.hub = hub
        self.cipher = cipher
        self.worker_id = worker_id
        self.lease_ms = lease_seconds * 1000
        self.escalation = timedelta(seconds=escalation_seconds)
        self.kick_outbox = kick_outbox
        self.held: set[int] = set()  # tickets whose lease this process renews

    # -- the engine's side -------------------------------------------------------------------------

    async def after_turn(self, result: Any) -> None:
        """Engine after-commit callback: queue a new (or newly urgent) ticket and relay the user's
        message to consoles while a ticket is open."""
        if getattr(result, "duplicate", False) or result.conversation_id is None:
            return
        if result.ticket_id is None and result.replies:
            return  # the bot answered, so no human holds this conversation: nothing to relay
        moved_ids = list(getattr(result, "flood_moved", ()))
        async with self.sessions() as session:
            ticket = await service.find_open_ticket(session, result.conversation_id)
            moved = [t for t in [await session.get(Ticket, i) for i in moved_ids] if t is not None]
        for earlier in moved:  # joined the flood lane: re-scored behind every real ticket
            if earlier.status == TicketStatus.QUEUED:
                await self._quietly("enqueue", self.queue.enqueue(earlier.id, ticket_score(earlier)))
        if getattr(result, "flood_alert", False):
            await self._flood_alert(ticket, len(moved))
        if ticket is None:
            return
        if result.ticket_id == ticket.id and ticket.status == TicketStatus.QUEUED:
            score = ticket_score(ticket)
            await self._quietly("enqueue", self.queue.enqueue(ticket.id, score))
            await self._quietly("publish", self.hub.publish(ticket_event("ticket.queued", ticket)))
        event = ticket_event("message.in", ticket, message_id=result.last_message_id)
        await self._quietly("publish", self.hub.publish(event))

    async def _flood_alert(self, ticket: Ticket | None, moved: int) -> None:
        """A flood episode began (handoff/flood.py; audited as ``flood.alert`` with the turn): one live
        event for supervisors and one warning, instead of a ring and an escalation per ticket."""
        event = {"type": "flood.alert", "ticket_id": ticket.id if ticket else None, "moved": moved}
        await self._quietly("publish", self.hub.publish(event))
        log.warning(
            "possible flood: tickets above the abuse limits go to the flood lane; supervisors alerted",
            extra={"ticket": ticket.id if ticket else None, "moved": moved},
        )

    # -- staff actions -----------------------------------------------------------------------------

    async def claim(self, ticket_id: int, staff: StaffUser) -> Ticket:
        try:
            outcome = await self.queue.claim(ticket_id, self.worker_id, self.lease_ms)
        except Exception:  # the queue is down: SQL alone still gives exactly one winner
            log.warning("queue unavailable for a claim; SQL decides", exc_info=True)
            outcome = ClaimOutcome.ABSENT
        if outcome is ClaimOutcome.TAKEN:
            async with self.sessions() as session:
                raise AlreadyTaken(await service._taken_message(session, ticket_id))
        self.held.add(ticket_id)  # renewed from now on, even if the SQL commit below is slow
        try:
            async with transaction(self.sessions) as session:
                ticket = await service.claim(session, ticket_id, staff.id)
        except AlreadyTaken:
            self.held.discard(ticket_id)
            if outcome is ClaimOutcome.CLAIMED:
                await self._queue_was_stale(ticket_id)
            raise
        if outcome is not ClaimOutcome.CLAIMED:  # the queue had lost it; SQL decided, record the lease
            await self._quietly("hold", self.queue.hold(ticket_id, self.worker_id, self.lease_ms))
        event = ticket_event("ticket.claimed", ticket, staff_name=staff.name)
        await self._quietly("publish", self.hub.publish(event))
        return ticket

    async def claim_next(self, staff: StaffUser) -> Ticket | None:
        """Take the first ticket in dispatch order (handoff.order: urgent, the riskiest, then the
        longest waiting). The queue's score and the SQL fallback use the same order."""
        for _ in range(20):  # stale entries are dropped on the way
            try:
                ticket_id = await self.queue.claim_next(self.worker_id, self.lease_ms)
            except Exception:
                log.warning("queue unavailable for take-next; using SQL order", exc_info=True)
                return await self._claim_next_from_sql(staff)
            if ticket_id is None:
                return None
            self.held.add(ticket_id)
            try:
                async with transaction(self.sessions) as session:
                    ticket = await service.claim(session, ticket_id, staff.id)
            except AlreadyTaken:
                self.held.discard(ticket_id)
                await self._queue_was_stale(ticket_id)
                continue
            event = ticket_event("ticket.claimed", ticket, staff_name=staff.name)
            await self._quietly("publish", self.hub.publish(event))
            return ticket
        return None

    async def _claim_next_from_sql(self, staff: StaffUser) -> Ticket | None:
        async with self.sessions() as session:
            rows = await service.list_open_tickets(session)
        for row in rows:
            if row.status == TicketStatus.QUEUED.value:
                try:
                    return await self.claim(row.id, staff)
                except AlreadyTaken:
                    continue
        return None

    async def _quietly(self, what: str, action: Awaitable[T]) -> T | None:
        """After SQL committed, a queue or Redis failure must not fail the staff action: the
        periodic resync repairs the queue from SQL, consoles reload on reconnect."""
        try:
            return await action
        except Exception:
            log.warning("handoff %s failed after the SQL commit", what, exc_info=True)
            return None

    async def _queue_was_stale(self, ticket_id: int) -> None:
        """The queue offered a ticket SQL had already moved on: follow SQL."""
        async with self.sessions() as session:
            ticket = await session.get(Ticket, ticket_id)
        if ticket is None or ticket.status not in service.OPEN_STATUSES:
            await self.queue.release(ticket_id)
        elif ticket.status == TicketStatus.CLAIMED:
            await self.queue.hold(ticket_id, ORPHAN, self.lease_ms)  # its holder's renewal takes it over
        else:
            await self.queue.release(ticket_id)
            await self.queue.enqueue(ticket_id, ticket_score(ticket))

    async def transfer(self, ticket_id: int, staff: StaffUser, to_staff_id: int) -> Ticket:
        async with transaction(self.sessions) as session:
            ticket = await service.transfer(session, ticket_id, staff, to_staff_id)
        await self.touch(ticket_id)
        await self._quietly("publish", self.hub.publish(ticket_event("ticket.transferred", ticket)))
        return ticket

    async def finish(self, ticket_id: int, staff: StaffUser, outcome: Outcome | None) -> Ticket:
        """Close with an outcome or (None) return to the bot; the user is told, the bot resumes."""
        async with transaction(self.sessions) as session:
            ticket, conversation = await service.finish(session, ticket_id, staff, outcome=outcome)
            transcript.store_user_notice(session, self.cipher, ticket, conversation, closed=bool(outcome))
            # A /hapus that waited for this ticket happens now; the notice above is still delivered.
            await complete_pending_erasure(session, ticket.conversation_id)
        self.held.discard(ticket_id)
        await self._quietly("release", self.queue.release(ticket_id))
        self.kick_outbox()
        await self._quietly("publish", self.hub.publish(ticket_event("ticket.closed", ticket)))
        return ticket

    async def false_alarm(self, ticket_id: int, staff: StaffUser) -> Ticket:
        """Claim (if queued) and close as a false alarm in one action; the user is told the bot is back."""
        async with transaction(self.sessions) as session:
            ticket, conversation = await service.false_alarm(session, ticket_id, staff)
            # "You are chatting with the helpline bot again ... in danger, press the emergency button":
            # nobody talked with them, so the notice about a staff member closing the chat would not fit.
            transcript.store_user_notice(session, self.cipher, ticket, conversation, closed=False)
            await complete_pending_erasure(session, ticket.conversation_id)
        self.held.discard(ticket_id)
        await self._quietly("release", self.queue.release(ticket_id))
        self.kick_outbox()
        await self._quietly("publish", self.hub.publish(ticket_event("ticket.closed", ticket)))
        return ticket

    async def reply(self, ticket_id: int, staff: StaffUser, text: str) -> int:
        async with transaction(self.sessions) as session:
            ticket, message = await transcript.store_staff_reply(session, self.cipher, ticket_id, staff, text)
        return await self._sent(ticket, message)

    async def send_template(self, ticket_id: int, staff: StaffUser, name: str) -> int:
        """An approved WhatsApp template, for when the 24-hour window has closed on free text."""
        template = canned.find_template(name)  # an unknown name is refused before anything is stored
        async with transaction(self.sessions) as session:
            ticket, message = await transcript.store_staff_template(
                session, self.cipher, ticket_id, staff, template
            )
        return await self._sent(ticket, message)

    async def _sent(self, ticket: Ticket, message: Message) -> int:
        """After a staff message committed: keep the lease here, send it now, show it in the consoles."""
        await self.touch(ticket.id)
        self.kick_outbox()
        event = ticket_event("message.out", ticket, message_id=message.id)
        await self._quietly("publish", self.hub.publish(event))
        return message.id

    async def add_note(self, ticket_id: int, staff: StaffUser, text: str) -> None:
        async with transaction(self.sessions) as session:
            await transcript.add_note(session, self.cipher, ticket_id, staff, text)
            ticket = await session.get_one(Ticket, ticket_id)
        await self._quietly("publish", self.hub.publish(ticket_event("note.added", ticket)))

    async def set_presence(self, staff: StaffUser, available: bool) -> None:
        async with transaction(self.sessions) as session:
            user = await session.get_one(StaffUser, staff.id)
            user.available = available
            service.audit(session, "staff.available" if available else "staff.away", staff.id, None)
        event = {"type": "presence", "staff_id": staff.id, "available": available}
        await self._quietly("publish", self.hub.publish(event))

    async def touch(self, ticket_id: int) -> None:
        """A staff action through this process: this process renews the lease from now on."""
        self.held.add(ticket_id)
        await self._quietly("hold", self.queue.hold(ticket_id, self.worker_id, self.lease_ms))

    # -- upkeep (handoff.runtime runs these periodically) ------------------------------------------

    async def resync(self) -> int:
        """Make the queue agree with SQL: enqueue open tickets it lacks, drop what SQL closed.
        Returns how many tickets were (re)queued."""
        before = await self.queue.snapshot()  # only entries older than the SQL read may be dropped
        async with self.sessions() as session:
            open_tickets = (
                await session.scalars(select(Ticket).where(Ticket.status.in_(service.OPEN_STATUSES)))
            ).all()
        after = await self.queue.snapshot()
        queued_now = set(after.queued)
        added = 0
        for ticket in open_tickets:
            score = ticket_score(ticket)
            if ticket.status == TicketStatus.QUEUED and ticket.id not in queued_now:
                added += int(await self.queue.enqueue(ticket.id, score))  # skipped if someone holds it
            elif ticket.status == TicketStatus.QUEUED and after.scores.get(ticket.id, score) != score:
                # Queued with an older score (its risk rose and that enqueue failed, or an earlier
                # version's formula): re-scored, so dispatch follows handoff.order.
                await self.queue.enqueue(ticket.id, score)
            elif ticket.status == TicketStatus.CLAIMED and ticket.id not in after.leased:
                # Lease lost with Redis: its holder's renewal takes it over; if none is alive it expires.
                await self.queue.hold(ticket.id, ORPHAN, self.lease_ms)
        in_sql = {t.id for t in open_tickets}
        for ticket_id in (set(before.queued) | set(before.leased)) - in_sql:
            await self.queue.release(ticket_id)
        return added

    async def renew_leases(self) -> None:
        result = await self.queue.renew(self.worker_id, sorted(self.held), self.lease_ms)
        self.held.difference_update(result.lost)
        if not result.missing:
            return
        async with self.sessions() as session:
            still = set(
                (
                    await session.scalars(
                        select(Ticket.id).where(
                            Ticket.id.in_(result.missing), Ticket.status == TicketStatus.CLAIMED
                        )
                    )
                ).all()
            )
        for ticket_id in result.missing:
            if ticket_id in still:
                await self.queue.hold(ticket_id, self.worker_id, self.lease_ms)
            else:
                self.held.discard(ticket_id)

    async def reclaim_abandoned(self) -> list[int]:
        """Tickets whose holding process died go back to the queue and are announced again."""
        requeued = []
        for ticket_id in await self.queue.take_expired():
            async with transaction(self.sessions) as session:
                ticket = await service.requeue_abandoned(session, ticket_id)
                if ticket is None:
                    ticket = await session.get(Ticket, ticket_id)
            if ticket is None or ticket.status != TicketStatus.QUEUED:
                continue
            score = ticket_score(ticket)
            await self._quietly("enqueue", self.queue.enqueue(ticket.id, score))
            event = ticket_event("ticket.queued", ticket, reclaimed=True)
            await self._quietly("publish", self.hub.publish(event))
            requeued.append(ticket.id)
            log.warning("ticket returned to the queue: its holder stopped", extra={"ticket": ticket.id})
        return requeued

    async def escalate(self) -> list[int]:
        """Urgent tickets unclaimed too long: announced again, flagged for supervisors."""
        async with transaction(self.sessions) as session:
            tickets = await service.escalate_overdue(session, utcnow() - self.escalation)
        for ticket in tickets:
            await self._quietly("publish", self.hub.publish(ticket_event("ticket.escalated", ticket)))
            log.warning("urgent ticket escalated to supervisors", extra={"ticket": ticket.id})
        return [t.id for t in tickets]
