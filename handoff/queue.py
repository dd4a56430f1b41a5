"""The dispatch queue: which open ticket staff should take next, and who holds which ticket.

SQL stays the system of record (a ticket exists and is queued/claimed there first); the queue only
orders dispatch and detects abandoned work. Two implementations behind one interface:

- :class:`InProcessQueue` for the embedded default (one process);
- :class:`handoff.redis_queue.RedisQueue` when ``HELPLINE_REDIS_URL`` is set (several processes).

Order: :mod:`handoff.order` (urgent first, the riskiest first, then the longest waiting), encoded in one
sortable score; the lowest score is dispatched first.
A claim takes a *lease* for a worker (one app process). The worker renews its leases while it lives;
leases of a dead worker expire and :meth:`TicketQueue.take_expired` hands them to whoever reclaims them.
"""

from __future__ import annotations

import asyncio
import enum
import time
from dataclasses import dataclass, field
from typing import Protocol

# The score is defined with the rest of the order in handoff.order; importable from here as before.
from handoff.order import PRIORITY_STEP, queue_score, ticket_score  # noqa: F401

ORPHAN = "orphan"  # holder of a lease found in SQL with no live worker on record (after a Redis loss)


def now_ms() -> int:
    return int(time.time() * 1000)


class ClaimOutcome(enum.StrEnum):
    CLAIMED = "claimed"  # it was queued; the lease is ours now
    TAKEN = "taken"  # someone else holds a live lease
    ABSENT = "absent"  # the queue does not know it (lost or not yet synced): SQL decides


@dataclass(slots=True)
class RenewResult:
    lost: list[int] = field(default_factory=list)  # another worker holds these now
    missing: list[int] = field(default_factory=list)  # no lease at all: ask SQL whether still claimed


@dataclass(frozen=True, slots=True)
class QueueSnapshot:
    queued: list[int]  # dispatch order
    leased: dict[int, str]  # ticket -> worker
    scores: dict[int, int] = field(default_factory=dict)  # queued ticket -> its score


class TicketQueue(Protocol):
    async def enqueue(self, ticket_id: int, score: int) -> bool:
        """Add or re-score a queued ticket; ignored (False) while someone holds a lease on it."""

    async def claim(self, ticket_id: int, worker: str, lease_ms: int) -> ClaimOutcome: ...

    async def claim_next(self, worker: str, lease_ms: int) -> int | None:
        """Take the first ticket in dispatch order."""

    async def hold(self, ticket_id: int, worker: str, lease_ms: int) -> None:
        """Lease a ticket to ``worker`` unconditionally (after an SQL claim, a transfer, a staff action)."""

    async def renew(self, worker: str, ticket_ids: list[int], lease_ms: int) -> RenewResult:
        """Extend ``worker``'s leases (and take over orphaned ones)."""

    async def release(self, ticket_id: int) -> None:
        """The ticket left the queue for good (closed, returned to the bot) or will be re-enqueued."""

    async def take_expired(self, limit: int = 100) -> list[int]:
        """Remove and return leases past their expiry, each to exactly one caller."""

    async def snapshot(self) -> QueueSnapshot: ...

    async def ping(self) -> None: ...

    async def aclose(self) -> None: ...


class InProcessQueue:
    """The embedded queue: the same semantics in memory, guarded by one asyncio lock."""

    def __init__(self) -> None:
        self._queued: dict[int, int] = {}  # ticket -> score
        self._leases: dict[int, tuple[str, int]] = {}  # ticket -> (worker, expires ms)
        self._lock = asyncio.Lock()

    async def enqueue(self, ticket_id: int, score: int) -> bool:
        async with self._lock:
            if ticket_id in self._leases:
                return False
            self._queued[ticket_id] = score
            return True

    async def claim(self, ticket_id: int, worker: str, lease_ms: int) -> ClaimOutcome:
        async with self._lock:
            if self._queued.pop(ticket_id, None) is not None:
                self._leases[ticket_id] = (worker, now_ms() + lease_ms)
                return ClaimOutcome.CLAIMED
            lease = self._leases.get(ticket_id)
            if lease is not None and lease[1] > now_ms():
                return ClaimOutcome.TAKEN
            return ClaimOutcome.ABSENT

    async def claim_next(self, worker: str, lease_ms: int) -> int | None:
        async with self._lock:
            if not self._queued:
                return None
            ticket_id = min(self._queued, key=lambda t: (self._queued[t], t))
            del self._queued[ticket_id]
            self._leases[ticket_id] = (worker, now_ms() + lease_ms)
            return ticket_id

    async def hold(self, ticket_id: int, worker: str, lease_ms: int) -> None:
        async with self._lock:
            self._queued.pop(ticket_id, None)
            self._leases[ticket_id] = (worker, now_ms() + lease_ms)

    async def renew(self, worker: str, ticket_ids: list[int], lease_ms: int) -> RenewResult:
        result = RenewResult()
        async with self._lock:
            for ticket_id in ticket_ids:
                lease = self._leases.get(ticket_id)
                if lease is None:
                    result.missing.append(ticket_id)
                elif lease[0] in (worker, ORPHAN):
                    self._leases[ticket_id] = (worker, now_ms() + lease_ms)
                else:
                    result.lost.append(ticket_id)
        return result

    async def release(self, ticket_id: int) -> None:
        async with self._lock:
            self._queued.pop(ticket_id, None)
            self._leases.pop(ticket_id, None)

    async def take_expired(self, limit: int = 100) -> list[int]:
        async with self._lock:
            now = now_ms()
            expired = sorted(t for t, (_, until) in self._leases.items() if until <= now)[:limit]
            for ticket_id in expired:
                del self._leases[ticket_id]
            return expired

    async def snapshot(self) -> QueueSnapshot:
        async with self._lock:
            order = sorted(self._queued, key=lambda t: (self._queued[t], t))
            return QueueSnapshot(order, {t: w for t, (w, _) in self._leases.items()}, dict(self._queued))

    async def ping(self) -> None:
        return None

    async def aclose(self) -> None:
        return None
