"""The dispatch queue's contract, on the in-process queue and on real Redis (unique key prefix)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis

from handoff.queue import ORPHAN, ClaimOutcome, InProcessQueue, TicketQueue, queue_score
from handoff.redis_queue import RedisQueue
from tests.conftest import real_redis

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


async def delete_prefix(redis: Redis, prefix: str) -> None:
    """Only our own keys: never FLUSHALL a server other runs share."""
    keys = [k async for k in redis.scan_iter(match=f"{prefix}:*")]
    if keys:
        await redis.delete(*keys)


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
async def queue(request: pytest.FixtureRequest) -> AsyncIterator[TicketQueue]:
    if request.param == "memory":
        yield InProcessQueue()
        return
    redis = await real_redis()
    prefix = f"helpline-test-{uuid.uuid4().hex[:10]}"
    redis_queue = RedisQueue(redis, prefix)
    try:
        yield redis_queue
    finally:
        await delete_prefix(redis, prefix)
        await redis.aclose()


async def test_urgent_first_then_longest_waiting(queue: TicketQueue) -> None:
    await queue.enqueue(1, queue_score(1, T0))
    await queue.enqueue(2, queue_score(1, T0 + timedelta(minutes=5)))
    await queue.enqueue(3, queue_score(0, T0 + timedelta(minutes=9)))  # urgent, newest
    await queue.enqueue(4, queue_score(0, T0 + timedelta(minutes=1)))  # urgent, older
    assert (await queue.snapshot()).queued == [4, 3, 1, 2]
    taken = [await queue.claim_next("w1", 10_000) for _ in range(5)]
    assert taken == [4, 3, 1, 2, None]


async def test_urgent_by_risk_then_waiting_normal_by_waiting_only(queue: TicketQueue) -> None:
    await queue.enqueue(1, queue_score(0, T0, 60))  # urgent, oldest, less risky
    await queue.enqueue(2, queue_score(0, T0 + timedelta(minutes=8), 90))
    await queue.enqueue(3, queue_score(0, T0 + timedelta(minutes=4), 90))
    await queue.enqueue(4, queue_score(1, T0 - timedelta(days=1), 100))  # normal: risk is not used
    await queue.enqueue(5, queue_score(1, T0 - timedelta(days=2), 0))
    assert (await queue.snapshot()).queued == [3, 2, 1, 5, 4]
    assert (await queue.snapshot()).scores[3] == queue_score(0, T0 + timedelta(minutes=4), 90)
    assert [await queue.claim_next("w1", 10_000) for _ in range(6)] == [3, 2, 1, 5, 4, None]


async def test_raising_priority_moves_a_ticket_forward(queue: TicketQueue) -> None:
    await queue.enqueue(1, queue_score(1, T0))
    await queue.enqueue(2, queue_score(1, T0 + timedelta(minutes=1)))
    await queue.enqueue(2, queue_score(0, T0 + timedelta(minutes=1)))
    assert (await queue.snapshot()).queued == [2, 1]


async def test_simultaneous_claims_have_one_winner_each(queue: TicketQueue) -> None:
    for ticket in range(1, 51):
        await queue.enqueue(ticket, queue_score(ticket % 2, T0 + timedelta(seconds=ticket)))
    attempts = [(ticket, f"worker-{n}") for ticket in range(1, 51) for n in range(4)]
    outcomes = await asyncio.gather(*(queue.claim(t, w, 30_000) for t, w in attempts))
    winners = Counter(
        t for (t, _), outcome in zip(attempts, outcomes, strict=True) if outcome is ClaimOutcome.CLAIMED
    )
    assert winners == Counter({t: 1 for t in range(1, 51)})
    assert Counter(outcomes)[ClaimOutcome.TAKEN] == 150
    snapshot = await queue.snapshot()
    assert snapshot.queued == [] and len(snapshot.leased) == 50


async def test_unknown_ticket_is_absent_so_sql_decides(queue: TicketQueue) -> None:
    assert await queue.claim(99, "w1", 1000) is ClaimOutcome.ABSENT


async def test_a_held_ticket_is_not_queued_again(queue: TicketQueue) -> None:
    await queue.enqueue(1, queue_score(0, T0))
    assert await queue.claim(1, "w1", 30_000) is ClaimOutcome.CLAIMED
    assert await queue.enqueue(1, queue_score(0, T0)) is False
    assert (await queue.snapshot()).queued == []


async def test_expired_leases_go_to_exactly_one_reclaimer(queue: TicketQueue) -> None:
    await queue.enqueue(1, queue_score(0, T0))
    await queue.enqueue(2, queue_score(0, T0))
    await queue.claim(1, "dead-worker", 1)
    await queue.claim(2, "live-worker", 60_000)
    await asyncio.sleep(0.05)
    first, second = await asyncio.gather(queue.take_expired(), queue.take_expired())
    assert sorted(first + second) == [1]
    assert (await queue.snapshot()).leased == {2: "live-worker"}
    assert await queue.enqueue(1, queue_score(0, T0)) is True  # free to be queued again


async def test_renew_keeps_own_leases_and_reports_the_rest(queue: TicketQueue) -> None:
    for ticket in (1, 2, 3, 4):
        await queue.enqueue(ticket, queue_score(1, T0))
    await queue.claim(1, "me", 30)
    await queue.claim(2, "someone-else", 30_000)
    await queue.hold(3, ORPHAN, 30)  # rebuilt from SQL after Redis lost its lease
    result = await queue.renew("me", [1, 2, 3, 4], 60_000)
    assert result.lost == [2]
    assert result.missing == [4]
    await asyncio.sleep(0.05)
    assert await queue.take_expired() == []  # 1 and 3 were extended
    assert (await queue.snapshot()).leased == {1: "me", 2: "someone-else", 3: "me"}


async def test_release_forgets_the_ticket(queue: TicketQueue) -> None:
    await queue.enqueue(1, queue_score(1, T0))
    await queue.enqueue(2, queue_score(1, T0))
    await queue.claim(2, "w", 30_000)
    await queue.release(1)
    await queue.release(2)
    snapshot = await queue.snapshot()
    assert snapshot.queued == [] and snapshot.leased == {}
