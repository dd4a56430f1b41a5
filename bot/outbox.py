"""The outbox: delivers pending outbound Message rows to Telegram and WhatsApp (DESIGN "replies").

The engine (and the staff console) only write rows with ``delivery_status='pending'``; this module
sends them. After an engine commit it is handed the turn's rows and sends them at once (one claim
for all of them, no look-up); the staff console wakes it (``kick``) and it also sweeps on a timer,
so console messages, retries and rows left behind by a crashed process are sent too.

Guarantees:
- a row is sent by at most one process at a time: an atomic ``UPDATE ... WHERE status='pending'``
  claims it as ``sending`` with a lease in ``next_attempt_at`` and the claiming process's liveness key
  in ``claimed_by``. A sweep gives back at once the claims of a process that is gone (its lock went
  with it, bot/storage/liveness.py), so a chat whose replies a killed worker held waits seconds, not
  the whole lease; a process that is alive but stuck loses its claims when their lease expires;
- rows to one chat go out in order, paced per chat (``ChannelSender.per_chat_interval``);
- a failed send is kept: retried with backoff (honouring the platform's ``retry_after``) until
  ``max_attempts``, then marked ``failed`` with the reason for staff to see;
- nothing is sent to a contact who blocked the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.messages import Button, Channel, MessageTemplate, OutboundMessage
from bot.storage.crypto import TranscriptCipher
from bot.storage.db import single_statement, transaction
from bot.storage.liveness import Liveness
from bot.storage.models import Contact, Conversation, DeliveryStatus, Direction, Message
from bot.storage.types import utcnow

if TYPE_CHECKING:
    from bot.engine import EngineResult

log = logging.getLogger(__name__)


class SendError(Exception):
    """A send did not succeed. ``str()`` is kept in ``Message.last_error`` (no message text in it).

    A long reply goes out in parts; ``parts_sent`` says how many were delivered before this error, so a
    retry starts at the first part the user has not seen instead of repeating the earlier ones."""

    parts_sent: int = 0


class RetryableSendError(SendError):
    """Try again later: rate limited (``retry_after`` seconds, if the platform said), 5xx, network."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentSendError(SendError):
    """Retrying cannot help (bad request, outside the WhatsApp window): the row is marked failed."""


class RecipientBlockedError(PermanentSendError):
    """The user blocked the bot: mark the contact so nothing more is sent."""


class ChannelSender(Protocol):
    channel: Channel
    per_chat_interval: float  # seconds between two messages to the same chat

    def refusal(
        self, last_inbound_at: datetime | None, now: datetime, *, template: bool = False
    ) -> str | None:
        """A reason not to send this now (free text outside the WhatsApp 24-hour window, a template on a
        channel without templates), or None."""
        ...

    async def send(
        self, channel_user_id: str, message: OutboundMessage, *, language: str = "id", first_part: int = 0
    ) -> str | None:
        """Send one reply from part ``first_part`` on (earlier parts went out in an earlier attempt);
        return the platform's message id. Raise a :class:`SendError` subclass with ``parts_sent`` set."""
        ...


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One outbound message with what sending it needs (its chat, language, window, block state)."""

    id: int
    attempts: int
    text_encrypted: bytes
    buttons: list[dict[str, str]]
    template_name: str | None
    template_language: str | None
    parts_sent: int  # of a long reply split into parts, delivered in earlier attempts
    language: str
    last_inbound_at: datetime | None
    contact_id: int
    channel: str
    channel_user_id: str
    blocked: bool

    @classmethod
    def of(cls, message: Message, conversation: Conversation, contact: Contact) -> OutboxRow:
        return cls(
            id=message.id,
            attempts=message.delivery_attempts or 0,
            text_encrypted=message.text_encrypted,
            buttons=list(message.buttons or []),
            template_name=message.template_name,
            template_language=message.template_language,
            parts_sent=message.delivery_parts_sent or 0,
            language=conversation.language,
            last_inbound_at=conversation.last_inbound_at,
            contact_id=contact.id,
            channel=contact.channel,
            channel_user_id=contact.channel_user_id,
            blocked=contact.blocked_at is not None,
        )


_OPEN = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)

# How long a claim holds a row. Renewed every third of it while a send runs, so only a dead (or
# stalled) process loses it; its rows come back this long after the claim, and a chat's later rows
# wait behind them so the order holds.
DEFAULT_LEASE_SECONDS = 30.0

# The per-reply statements, built once with bound parameters (building a SQLAlchemy expression costs
# more CPU than PostgreSQL spends running it) and as Core on the table (an ORM-enabled UPDATE adds its
# bulk-persistence layer); bench/README.md has the profiles.
_MESSAGES = Message.__table__
_OLDER = _MESSAGES.alias("older")
_CLAIM_TURN = (
    update(_MESSAGES)
    .where(
        _MESSAGES.c.id.in_(bindparam("ids", expanding=True)),
        _MESSAGES.c.delivery_status == DeliveryStatus.PENDING,
        _MESSAGES.c.next_attempt_at.is_(None),
        ~select(_OLDER.c.id)
        .join(Conversation, _OLDER.c.conversation_id == Conversation.id)
        .where(
            Conversation.contact_id == bindparam("contact_id"),
            _OLDER.c.direction == Direction.OUT,
            _OLDER.c.delivery_status.in_(_OPEN),
            _OLDER.c.id < bindparam("first_id"),
        )
        .exists(),
    )
    .values(
        delivery_status=DeliveryStatus.SENDING,
        next_attempt_at=bindparam("lease_until"),
        claimed_by=bindparam("owner"),
    )
    .returning(_MESSAGES.c.id)
)
_FINISH = (
    update(_MESSAGES)
    .where(_MESSAGES.c.id == bindparam("message_id"), _MESSAGES.c.delivery_status == DeliveryStatus.SENDING)
    .values(
        delivery_status=bindparam("new_status"),
        delivery_attempts=bindparam("attempts"),
        next_attempt_at=None,
        claimed_by=None,
        last_error=bindparam("error"),
        platform_message_id=bindparam("platform_id"),
    )
)
# Who holds claims right now, other than us (our own claims are never given back by our sweep, even
# while our lock is being retaken after a lost connection); and giving back those of the dead.
_OTHER_CLAIMANTS = (
    select(_MESSAGES.c.claimed_by)
    .where(
        _MESSAGES.c.delivery_status == DeliveryStatus.SENDING,
        _MESSAGES.c.claimed_by.is_not(None),
        _MESSAGES.c.claimed_by != bindparam("own_key"),
    )
    .distinct()
)
_RECLAIM = (
    update(_MESSAGES)
    .where(
        _MESSAGES.c.delivery_status == DeliveryStatus.SENDING,
        _MESSAGES.c.claimed_by.in_(bindparam("dead", expanding=True)),
    )
    .values(delivery_status=DeliveryStatus.PENDING, next_attempt_at=None, claimed_by=None)
    .returning(_MESSAGES.c.id)
)


class Outbox:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        cipher: TranscriptCipher,
        senders: Mapping[str, ChannelSender],
        *,
        sweep_seconds: float = 5.0,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        max_attempts: int = 15,
        base_backoff_seconds: float = 2.0,
        max_backoff_seconds: float = 900.0,
        clock: Callable[[], datetime] = utcnow,
        liveness: Liveness | None = None,
    ) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._senders = dict(senders)
        self.sweep_seconds = sweep_seconds
        self._lease = timedelta(seconds=lease_seconds)
        self.max_attempts = max_attempts
        self.base_backoff_seconds = base_backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self._now = clock
        self._liveness = liveness  # None: leases alone bring back a dead process's claims
        self._wake = asyncio.Event()
        self._loop_task: asyncio.Task[None] | None = None
        self._chat_tasks: dict[int, asyncio.Task[None]] = {}
        self._follow_up: set[int] = set()  # chats that got new rows while their task was running
        self._last_sent: dict[tuple[str, str], float] = {}  # monotonic time per chat, for pacing

    @property
    def owner(self) -> int | None:
        """The key this process's claims carry (None when no liveness lock could be taken)."""
        return self._liveness.key if self._liveness is not None else None

    @property
    def channels(self) -> frozenset[str]:
        return frozenset(self._senders)

    def add_sender(self, sender: ChannelSender) -> None:
        self._senders[str(sender.channel)] = sender

    def kick(self) -> None:
        """Look for pending rows now (after a commit, or when staff wrote a reply in the console)."""
        self._wake.set()

    async def on_commit(self, result: EngineResult) -> None:
        """``Engine.after_commit`` listener: send the turn's replies now, from this process.

        The engine hands over the rows it just stored, so the common case needs no look-up: one
        statement claims them all, then each is sent and marked. Anything unusual (a send already
        running for this chat, an older reply still undelivered, a row claimed elsewhere) goes the
        general way: a sweep that takes each chat's oldest row first.
        """
        if result.duplicate or not result.outbound:
            return
        contact_id = result.outbound[0].contact_id
        if contact_id in self._chat_tasks:
            self._follow_up.add(contact_id)  # the running task looks again when it ends
            return
        if result.outbound[0].channel not in self._senders:
            return
        task = asyncio.create_task(
            self._deliver_turn(contact_id, result.outbound), name=f"outbox-{contact_id}"
        )
        self._chat_tasks[contact_id] = task

    async def start(self) -> None:
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._run(), name="outbox")
            self.kick()  # rows left from before a restart

    async def stop(self) -> None:
        tasks = [t for t in (self._loop_task, *self._chat_tasks.values()) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None
        self._chat_tasks.clear()
        self._follow_up.clear()

    async def drain(self) -> None:
        """Send everything due now and wait until done (tests, the polling command)."""
        await self.dispatch_due()
        while self._chat_tasks:
            await asyncio.gather(*list(self._chat_tasks.values()), return_exceptions=True)

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.sweep_seconds)
            self._wake.clear()
            try:
                await self.dispatch_due()
            except Exception:  # storage down: keep the loop alive, the next sweep tries again
                log.exception("outbox sweep failed")

    async def dispatch_due(self) -> None:
        """Start one delivery task per chat that has a row due and no task running here."""
        if not self._senders:
            return
        await self._reclaim_orphans()
        now = self._now()
        async with single_statement(self._sessions) as connection:
            contact_ids = (
                await connection.scalars(
                    select(Contact.id)
                    .join(Conversation, Conversation.contact_id == Contact.id)
                    .join(Message, Message.conversation_id == Conversation.id)
                    .where(
                        Message.direction == Direction.OUT,
                        Message.delivery_status.in_(_OPEN),
                        or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
                        Contact.channel.in_(list(self._senders)),
                    )
                    .distinct()
                    .limit(500)
                )
            ).all()
        for contact_id in contact_ids:
            if contact_id not in self._chat_tasks:
                task = asyncio.create_task(self._deliver_chat(contact_id), name=f"outbox-{contact_id}")
                self._chat_tasks[contact_id] = task

    async def _reclaim_orphans(self) -> None:
        """Give back the claims of processes that are gone (bot/storage/liveness.py)."""
        if self._liveness is None or self.owner is None:
            return
        async with single_statement(self._sessions) as connection:
            claimants = set((await connection.scalars(_OTHER_CLAIMANTS, {"own_key": self.owner})).all())
        if not claimants:
            return
        try:
            dead = await self._liveness.dead_among(claimants)
        except Exception:  # liveness unknown just now: leases still bring the rows back
            log.warning("could not tell which processes are alive", exc_info=True)
            return
        if not dead:
            return
        async with single_statement(self._sessions) as connection:
            reclaimed = (await connection.scalars(_RECLAIM, {"dead": sorted(dead)})).all()
        if reclaimed:
            # A reply the dead process may already have sent goes out once more: at least once, in order.
            log.warning(
                "took back replies claimed by a process that is gone", extra={"count": len(reclaimed)}
            )

    async def _deliver_chat(self, contact_id: int) -> None:
        try:
            while True:
                row = await self._head(contact_id)
                if row is None or not await self._claim(row):
                    return
                if not await self._deliver(row):
                    return
        except asyncio.CancelledError:
            raise
        except Exception:  # storage trouble mid-chat: the lease expires and a later sweep resumes
            log.exception("outbox delivery failed", extra={"contact": contact_id})
        finally:
            self._task_done(contact_id)

    def _task_done(self, contact_id: int, *, look_again: bool = False) -> None:
        self._chat_tasks.pop(contact_id, None)
        if contact_id in self._follow_up or look_again:
            self._follow_up.discard(contact_id)
            self.kick()  # rows that arrived meanwhile: the sweep starts a new task for this chat

    async def _deliver_turn(self, contact_id: int, rows: list[OutboxRow]) -> None:
        """Send one turn's replies, in order, if this chat has nothing older waiting."""
        leave_to_sweep = False
        try:
            claimed = await self._claim_turn(contact_id, rows)
            if len(claimed) < len(rows):
                await self._release(claimed)  # something older is open, or a row was taken elsewhere
                leave_to_sweep = True
                return
            for position, row in enumerate(rows):
                if not await self._deliver(row):
                    await self._release([r.id for r in rows[position + 1 :]])  # behind a retry: wait
                    return
        except asyncio.CancelledError:
            raise
        except Exception:  # storage trouble: leases expire and a later sweep resumes
            log.exception("outbox delivery failed", extra={"contact": contact_id})
        finally:
            self._task_done(contact_id, look_again=leave_to_sweep)

    async def _claim_turn(self, contact_id: int, rows: list[OutboxRow]) -> set[int]:
        """Take the rows in one statement, only if no older reply to this chat is still open."""
        params = {
            "ids": [r.id for r in rows],
            "first_id": min(r.id for r in rows),
            "contact_id": contact_id,
            "lease_until": self._now() + self._lease,
            "owner": self.owner,
        }
        async with single_statement(self._sessions) as connection:
            return set((await connection.scalars(_CLAIM_TURN, params)).all())

    async def _release(self, message_ids: list[int] | set[int]) -> None:
        """Give claimed, unsent rows back as pending (due now), for whichever process sweeps next."""
        if not message_ids:
            return
        async with single_statement(self._sessions) as connection:
            await connection.execute(
                update(Message)
                .where(Message.id.in_(list(message_ids)), Message.delivery_status == DeliveryStatus.SENDING)
                .values(delivery_status=DeliveryStatus.PENDING, next_attempt_at=None, claimed_by=None)
            )

    async def _head(self, contact_id: int) -> OutboxRow | None:
        """The oldest undelivered row of this chat, if it is due (older rows always go first)."""
        async with self._sessions() as session:
            found = (
                await session.execute(
                    select(Message, Conversation, Contact)
                    .join(Conversation, Message.conversation_id == Conversation.id)
                    .join(Contact, Conversation.contact_id == Contact.id)
                    .where(
                        Contact.id == contact_id,
                        Message.direction == Direction.OUT,
                        Message.delivery_status.in_(_OPEN),
                    )
                    .order_by(Message.id)
                    .limit(1)
                )
            ).first()
        if found is None:
            return None
        message, conversation, contact = found
        if message.next_attempt_at is not None and message.next_attempt_at > self._now():
            return None  # held by another worker's lease, or waiting for its retry time
        return OutboxRow.of(message, conversation, contact)

    async def _claim(self, row: OutboxRow) -> bool:
        """Atomically take the row; False when another process took it first."""
        now = self._now()
        async with single_statement(self._sessions) as connection:
            result = await connection.execute(
                update(Message)
                .where(
                    Message.id == row.id,
                    or_(
                        and_(
                            Message.delivery_status == DeliveryStatus.PENDING,
                            or_(Message.next_attempt_at.is_(None), Message.next_attempt_at <= now),
                        ),
                        and_(
                            Message.delivery_status == DeliveryStatus.SENDING, Message.next_attempt_at <= now
                        ),
                    ),
                )
                .values(
                    delivery_status=DeliveryStatus.SENDING,
                    next_attempt_at=now + self._lease,
                    claimed_by=self.owner,
                )
            )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def _deliver(self, row: OutboxRow) -> bool:
        """Send one claimed row. True: go on with the chat's next row; False: stop this chat for now."""
        sender = self._senders.get(row.channel)
        if sender is None:
            return False
        if row.blocked:
            await self._finish(row, DeliveryStatus.FAILED, error="recipient blocked the bot")
            return True
        refusal = sender.refusal(row.last_inbound_at, self._now(), template=row.template_name is not None)
        if refusal is not None:
            await self._finish(row, DeliveryStatus.FAILED, error=refusal)
            return True
        message = OutboundMessage(
            text=self._cipher.decrypt(row.text_encrypted),
            buttons=tuple(Button(id=b["id"], title=b["title"]) for b in row.buttons),
            template=(
                MessageTemplate(row.template_name, row.template_language or row.language)
                if row.template_name
                else None
            ),
        )
        await self._pace(row, sender)
        renewing = asyncio.create_task(self._renew_lease(row.id))
        try:
            platform_id = await sender.send(
                row.channel_user_id, message, language=row.language, first_part=row.parts_sent
            )
        except RecipientBlockedError as err:
            await self._mark_blocked(row.contact_id)
            await self._finish(row, DeliveryStatus.FAILED, error=str(err) or "recipient blocked the bot")
            return True
        except PermanentSendError as err:
            await self._finish(row, DeliveryStatus.FAILED, error=str(err))
            return True
        except RetryableSendError as err:
            await self._retry_later(row, str(err), err.retry_after, max(row.parts_sent, err.parts_sent))
            return False
        except Exception as err:  # an unexpected client error is treated as temporary, never lost
            log.exception("unexpected send error", extra={"channel": row.channel})
            await self._retry_later(row, f"{type(err).__name__}: {err}", None, row.parts_sent)
            return False
        finally:
            renewing.cancel()
            self._last_sent[(row.channel, row.channel_user_id)] = time.monotonic()
        await self._finish(row, DeliveryStatus.SENT, platform_id=platform_id)
        return True

    async def _renew_lease(self, message_id: int) -> None:
        # A long send (several parts, a short flood wait) keeps its claim; a killed process does not.
        while True:
            await asyncio.sleep(self._lease.total_seconds() / 3)
            async with single_statement(self._sessions) as connection:
                await connection.execute(
                    update(Message)
                    .where(Message.id == message_id, Message.delivery_status == DeliveryStatus.SENDING)
                    .values(next_attempt_at=self._now() + self._lease)
                )

    async def _pace(self, row: OutboxRow, sender: ChannelSender) -> None:
        last = self._last_sent.get((row.channel, row.channel_user_id))
        if last is not None:
            wait = last + sender.per_chat_interval - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)

    async def _retry_later(
        self, row: OutboxRow, error: str, retry_after: float | None, parts_sent: int
    ) -> None:
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            await self._finish(
                row, DeliveryStatus.FAILED, error=f"gave up after {attempts} attempts: {error}"
            )
            return
        backoff = min(self.max_backoff_seconds, self.base_backoff_seconds * 2 ** (attempts - 1))
        delay = max(backoff, retry_after or 0.0)
        log.warning("send failed, retrying", extra={"channel": row.channel, "in_seconds": round(delay, 1)})
        async with single_statement(self._sessions) as connection:
            await connection.execute(
                update(Message)
                .where(Message.id == row.id, Message.delivery_status == DeliveryStatus.SENDING)
                .values(
                    delivery_status=DeliveryStatus.PENDING,
                    delivery_attempts=attempts,
                    next_attempt_at=self._now() + timedelta(seconds=delay),
                    claimed_by=None,
                    delivery_parts_sent=parts_sent,
                    last_error=error[:500],
                )
            )

    async def _finish(
        self,
        row: OutboxRow,
        status: DeliveryStatus,
        *,
        error: str | None = None,
        platform_id: str | None = None,
    ) -> None:
        if status is DeliveryStatus.FAILED:
            log.warning("message not delivered", extra={"channel": row.channel, "reason": error})
        params = {
            "message_id": row.id,
            "new_status": status,
            "attempts": row.attempts + 1,
            "error": error[:500] if error else None,
            "platform_id": platform_id,
        }
        async with single_statement(self._sessions) as connection:
            await connection.execute(_FINISH, params)

    async def _mark_blocked(self, contact_id: int) -> None:
        await mark_contact_blocked(self._sessions, contact_id=contact_id, blocked=True)


async def mark_contact_blocked(
    sessions: async_sessionmaker[AsyncSession],
    *,
    blocked: bool,
    contact_id: int | None = None,
    channel: str | None = None,
    channel_user_id: str | None = None,
) -> None:
    """Record that a user blocked (or unblocked) the bot; the outbox skips blocked contacts."""
    if contact_id is not None:
        where = Contact.id == contact_id
    elif channel is not None and channel_user_id is not None:
        where = and_(Contact.channel == channel, Contact.channel_user_id == channel_user_id)
    else:
        raise ValueError("name the contact by id or by channel and user id")
    async with transaction(sessions) as session:
        await session.execute(
            update(Contact)
            .where(where)
            .values(blocked_at=utcnow() if blocked else None)
            .execution_options(synchronize_session=False)
        )
