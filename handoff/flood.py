"""Abuse limits that never cost a real person help: the "possible flood" lane (issue 22, part 1).

Counted per sender on every channel (``sender:<channel>:<id>``), per client address where the channel
knows one (the web chat: ``addr:<ip>``) and, for those, globally (``global:<channel>``), in three kinds:
tickets opened, urgent tickets, messages. Each count is a *sliding window* estimate (the previous fixed
window's count, weighted by how much of it still overlaps, plus the current one), so a sustained flood
stays over its limit across window edges and a quiet key is back to zero after two windows.

What happens above a limit (never a refusal):

- a ticket opens as always and the person gets the emergency card at once, but the ticket goes to the
  *possible flood* lane: below every other ticket of its priority in :mod:`handoff.order`, shown
  apart (collapsed) in the console, never ringing consoles nor escalating one by one;
- when a sender or address first goes over, its tickets from the window that are still queued move to
  the lane too (the first few of a flood are as fake as the rest);
- supervisors are alerted once per *episode* (flood-lane tickets with no gap of
  :attr:`FloodLimits.episode_quiet_seconds`): an audit event ``flood.alert``, a warning in the log and a
  ``flood.alert`` live event (``handoff.desk``);
- an ordinary message above the message limit is answered with a short "please wait" (the engine);
  urgent words, the Emergency button and commands are answered as always.

The global count only takes what passed the per-sender and per-address limits, so one flooding
address can use up no more than its own share and never pushes other people into the lane.

:class:`FloodGuard` counts in this process (the embedded default); :class:`RedisFloodGuard` when
``HELPLINE_REDIS_URL`` is set (one Lua script, ``lua/flood_hit.lua``, per check), falling back to its
own counts while Redis is away. Senders and addresses appear in Redis only as an HMAC.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.observability import OutageWarning
from bot.storage.models import Ticket, TicketStatus
from handoff import service

log = logging.getLogger(__name__)

LUA_DIR = Path(__file__).parent / "lua"
MAX_KEYS = 50_000  # bounded memory under a spray of senders or addresses
REDIS_TIMEOUT_SECONDS = 1.0  # a hung Redis must not hold up a turn: count here instead
WARN_EVERY_SECONDS = 60.0
KINDS = ("tickets", "urgent", "messages")


@dataclass(frozen=True, slots=True)
class FloodLimits:
    """Per window. Addresses are shared (a shelter's wifi, a carrier's NAT), so they get more room."""

    window_seconds: float = 60.0
    per_sender: dict[str, int] = field(default_factory=lambda: {"tickets": 3, "urgent": 3, "messages": 30})
    per_address: dict[str, int] = field(default_factory=lambda: {"tickets": 6, "urgent": 6, "messages": 60})
    per_channel: dict[str, int] = field(
        default_factory=lambda: {"tickets": 120, "urgent": 60, "messages": 3000}
    )
    episode_quiet_seconds: float = 600.0

    def limit(self, key: str) -> int:
        kind, scope = key.split(":", 2)[:2]
        table = {"sender": self.per_sender, "addr": self.per_address}.get(scope, self.per_channel)
        return table[kind]


@dataclass(frozen=True, slots=True)
class Lane:
    """Where a new ticket goes. ``earlier``: queued tickets of the same sender or address to move to the
    flood lane with it; ``alert``: this ticket starts a flood episode (alert supervisors once)."""

    flood: bool = False
    alert: bool = False
    earlier: tuple[int, ...] = ()
    remember: tuple[str, ...] = ()  # keys under which a normal-lane ticket's id is kept for a later move


NORMAL_LANE = Lane()


def sender_scope(channel: str, sender: str) -> str:
    return f"sender:{channel}:{sender}"


def address_scope(address: str) -> str:
    return f"addr:{address}"


def scopes(channel: str, sender: str, address: str | None) -> list[str]:
    """The per-key scopes of one message: its sender, and its client address when the channel has one."""
    found = [sender_scope(channel, sender)]
    if address:
        found.append(address_scope(address))
    return found


def sliding_estimate(previous: int, current: int, elapsed_fraction: float) -> float:
    """Events in the last window, estimated from two fixed windows."""
    return previous * (1.0 - elapsed_fraction) + current


@dataclass(slots=True)
class _Count:
    window: int
    current: int = 0
    previous: int = 0


class FloodGuard:
    """Counts in this process; ``clock`` (seconds) lets tests move time."""

    def __init__(self, limits: FloodLimits | None = None, clock: Callable[[], float] = time.time) -> None:
        self.limits = limits or FloodLimits()
        self.clock = clock
        self._counts: OrderedDict[str, _Count] = OrderedDict()
        self._recent: dict[str, list[tuple[float, int]]] = {}
        self._episode_until = 0.0
        self._lock = threading.Lock()

    # -- what the engine asks ----------------------------------------------------------------------

    async def message_over_limit(self, channel: str, sender: str, address: str | None) -> bool:
        """Count one inbound message; True when it is over a message limit."""
        keys = [f"messages:{scope}" for scope in scopes(channel, sender, address)]
        if any(self._over(keys, await self._hit(keys))):
            return True
        if address is None:
            return False
        channel_key = [f"messages:global:{channel}"]
        return any(self._over(channel_key, await self._hit(channel_key)))

    async def ticket_lane(self, channel: str, sender: str, address: str | None, *, urgent: bool) -> Lane:
        """Count a ticket about to open and choose its lane."""
        own = scopes(channel, sender, address)
        kinds = ("tickets", "urgent") if urgent else ("tickets",)
        keys = [f"{kind}:{scope}" for kind in kinds for scope in own]
        over = self._over(keys, await self._hit(keys))
        tripped = {key.split(":", 1)[1] for key, is_over in zip(keys, over, strict=True) if is_over}
        if not tripped and address is not None:
            channel_keys = [f"{kind}:global:{channel}" for kind in kinds]
            if any(self._over(channel_keys, await self._hit(channel_keys))):
                return Lane(flood=True, alert=await self._episode())
        if not tripped:
            return Lane(remember=tuple(own))
        earlier = await self._take_recent(sorted(tripped))
        return Lane(flood=True, alert=await self._episode(), earlier=tuple(sorted(set(earlier))))

    async def opened(self, lane: Lane, ticket_id: int) -> None:
        """A normal-lane ticket opened: kept under its sender and address for a move if they flood."""
        if lane.remember:
            await self._remember(list(lane.remember), ticket_id)

    # -- storage (overridden for Redis) ------------------------------------------------------------

    def _over(self, keys: list[str], estimates: list[float]) -> list[bool]:
        return [est > self.limits.limit(key) for key, est in zip(keys, estimates, strict=True)]

    async def _hit(self, keys: list[str]) -> list[float]:
        return self._hit_here(keys, self.clock())

    def _hit_here(self, keys: list[str], now: float) -> list[float]:
        size = self.limits.window_seconds
        window = math.floor(now / size)
        fraction = now / size - window
        estimates = []
        with self._lock:
            for key in keys:
                count = self._counts.get(key)
                if count is None or count.window < window - 1:
                    count = _Count(window)
                elif count.window == window - 1:
                    count = _Count(window, previous=count.current)
                count.current += 1
                self._counts[key] = count
                self._counts.move_to_end(key)
                estimates.append(sliding_estimate(count.previous, count.current, fraction))
            while len(self._counts) > MAX_KEYS:
                self._counts.popitem(last=False)
        return estimates

    async def _episode(self) -> bool:
        return self._episode_here(self.clock())

    def _episode_here(self, now: float) -> bool:
        with self._lock:
            started = now >= self._episode_until
            self._episode_until = now + self.limits.episode_quiet_seconds
            return started

    async def _remember(self, scope_keys: list[str], ticket_id: int) -> None:
        self._remember_here(scope_keys, ticket_id, self.clock())

    def _remember_here(self, scope_keys: list[str], ticket_id: int, now: float) -> None:
        keep_after = now - 2 * self.limits.window_seconds
        with self._lock:
            for key in scope_keys:
                recent = [(at, t) for at, t in self._recent.get(key, []) if at > keep_after]
                recent.append((now, ticket_id))
                self._recent[key] = recent[-self.limits.per_address["tickets"] :]
            while len(self._recent) > MAX_KEYS:
                self._recent.pop(next(iter(self._recent)))

    async def _take_recent(self, scope_keys: list[str]) -> list[int]:
        return self._take_recent_here(scope_keys)

    def _take_recent_here(self, scope_keys: list[str]) -> list[int]:
        with self._lock:
            return [t for key in scope_keys for _, t in self._recent.pop(key, [])]


class RedisFloodGuard(FloodGuard):
    """Counts in Redis, shared by every process; this process' own counts are the fallback."""

    def __init__(
        self,
        redis: Redis,
        prefix: str,
        hash_key: str,
        limits: FloodLimits | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(limits, clock)
        self.redis = redis
        self.key_prefix = f"{prefix}:flood"
        self._hash_key = hash_key.encode()
        self._script = redis.register_script((LUA_DIR / "flood_hit.lua").read_text())
        self._outage = OutageWarning(log, "flood guard: Redis unavailable, counting in this process only", WARN_EVERY_SECONDS)

    def redis_key(self, key: str) -> str:
        kind, scope, rest = [*key.split(":", 2), "", ""][:3]
        digest = hmac.new(self._hash_key, rest.encode(), hashlib.sha256).hexdigest()[:32]
        return f"{self.key_prefix}:{kind}:{scope}:{digest}"

    async def _hit(self, keys: list[str]) -> list[float]:
        now = self.clock()
        window_ms = int(self.limits.window_seconds * 1000)
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                counts = await self._script(
                    keys=[self.redis_key(key) for key in keys], args=[window_ms, int(now * 1000)]
                )
        except (RedisError, OSError, TimeoutError) as err:
            self._outage.report(err)
            return self._hit_here(keys, now)
        fraction = (int(now * 1000) % window_ms) / window_ms
        return [
            sliding_estimate(int(previous), int(current), fraction)
            for previous, current in zip(counts[0::2], counts[1::2], strict=True)
        ]

    async def _episode(self) -> bool:
        key = f"{self.key_prefix}:episode"
        quiet_ms = int(self.limits.episode_quiet_seconds * 1000)
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS):
                started = await self.redis.set(key, "1", px=quiet_ms, nx=True)
                if not started:
                    await self.redis.pexpire(key, quiet_ms)
                return bool(started)
        except (RedisError, OSError, TimeoutError) as err:
            self._outage.report(err)
            return self._episode_here(self.clock())

    def _recent_key(self, scope_key: str) -> str:
        return self.redis_key(f"recent:{scope_key}")

    async def _remember(self, scope_keys: list[str], ticket_id: int) -> None:
        keep = self.limits.per_address["tickets"]
        ttl_ms = int(2 * self.limits.window_seconds * 1000)
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS), self.redis.pipeline(transaction=True) as pipe:
                for key in scope_keys:
                    pipe.rpush(self._recent_key(key), ticket_id)
                    pipe.ltrim(self._recent_key(key), -keep, -1)
                    pipe.pexpire(self._recent_key(key), ttl_ms)
                await pipe.execute()
        except (RedisError, OSError, TimeoutError) as err:
            self._outage.report(err)
            self._remember_here(scope_keys, ticket_id, self.clock())

    async def _take_recent(self, scope_keys: list[str]) -> list[int]:
        try:
            async with asyncio.timeout(REDIS_TIMEOUT_SECONDS), self.redis.pipeline(transaction=True) as pipe:
                for key in scope_keys:
                    pipe.lrange(self._recent_key(key), 0, -1)
                    pipe.delete(self._recent_key(key))
                found = await pipe.execute()
        except (RedisError, OSError, TimeoutError) as err:
            self._outage.report(err)
            return self._take_recent_here(scope_keys)
        return [int(t) for ids in found[0::2] for t in ids] + self._take_recent_here(scope_keys)



async def move_to_flood_lane(session: AsyncSession, ticket_ids: tuple[int, ...]) -> list[int]:
    """Earlier tickets of a flooding sender or address, still queued, join the flood lane."""
    if not ticket_ids:
        return []
    moved = await session.scalars(
        update(Ticket)
        .where(Ticket.id.in_(ticket_ids), Ticket.status == TicketStatus.QUEUED, Ticket.flood.is_(False))
        .values(flood=True)
        .returning(Ticket.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(moved.all())


async def settle_lane(session: AsyncSession, guard: FloodGuard, lane: Lane, ticket_id: int) -> list[int]:
    """After a new ticket is added (in the turn's transaction): remember a normal-lane ticket, or move
    the flooding sender's or address's earlier tickets to the lane and record a new episode's alert
    (``flood.alert``, no staff member). Returns the moved tickets, for the desk to re-queue."""
    if not lane.flood:
        await guard.opened(lane, ticket_id)
        return []
    moved = await move_to_flood_lane(session, lane.earlier)
    if lane.alert:
        service.audit(session, "flood.alert", None, ticket_id)
    return moved
