"""Start and stop the handoff machinery with the app: queue, live events, desk, upkeep loop.

``bot/services.py`` calls :func:`start_handoff` once the services exist and :func:`stop_handoff`
on shutdown. With ``HELPLINE_REDIS_URL`` unset everything stays in this process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
import time
from typing import Any

from handoff import policy
from handoff.desk import HandoffDesk
from handoff.flood import RedisFloodGuard
from handoff.live import LiveHub, RedisLiveHub
from handoff.login_throttle import LoginThrottle, RedisLoginThrottle
from handoff.queue import InProcessQueue, TicketQueue
from handoff.redis_queue import RedisQueue, connect

log = logging.getLogger(__name__)

TICK_SECONDS = 0.5
ESCALATE_SECONDS = 1.0


def new_worker_id() -> str:
    """Unique per process start, so a restarted process never renews a dead one's leases."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


async def start_handoff(services: Any, *, upkeep_jobs: bool = True) -> HandoffDesk:
    """Build the desk and register its after-commit listener, which queues each new ticket and announces
    it to consoles (through Redis when set). ``upkeep_jobs=False`` (a command such as ``helpline chat``,
    which serves no console) leaves out the start-up resync, the live-event listener and the upkeep loop:
    those belong to the serving processes."""
    from flows.help_card import notice_numbers  # the country help card, in the person's language

    settings = services.settings
    try:
        policy.configure(settings.handoff_hours, settings.handoff_emergency_numbers, help_numbers=notice_numbers)
    except ValueError as err:
        raise ValueError(f"HELPLINE_HANDOFF_HOURS: {err}") from None
    queue: TicketQueue
    hub: LiveHub
    throttle: LoginThrottle
    if settings.redis_url:
        redis = connect(settings.redis_url)
        queue = RedisQueue(redis, settings.redis_prefix)
        hub = RedisLiveHub(redis, settings.redis_prefix)
        # Failed logins count across processes. The configured key, never the random per-process dev
        # one, hides names in the Redis keys: every process must derive the same key.
        throttle = RedisLoginThrottle(redis, settings.redis_prefix, settings.secret_key.get_secret_value())
        # Abuse limits (handoff/flood.py) count across processes too; in-process otherwise (the engine's).
        limits = services.engine.flood.limits
        services.engine.flood = RedisFloodGuard(
            redis, settings.redis_prefix, settings.secret_key.get_secret_value(), limits
        )
    else:
        queue, hub, throttle = InProcessQueue(), LiveHub(), LoginThrottle()
    if upkeep_jobs:
        await hub.start()

    def kick_outbox() -> None:
        outbox = services.extras.get("outbox")
        if outbox is not None:
            outbox.kick()

    desk = HandoffDesk(
        sessions=services.sessions,
        queue=queue,
        hub=hub,
        cipher=services.cipher,
        worker_id=new_worker_id(),
        lease_seconds=settings.handoff_lease_seconds,
        escalation_seconds=settings.handoff_escalation_seconds,
        kick_outbox=kick_outbox,
    )
    services.extras.update(queue=queue, live=hub, handoff=desk, login_throttle=throttle)
    services.engine.after_commit.append(desk.after_turn)
    if not upkeep_jobs:
        return desk
    requeued = await desk.resync()
    if requeued:
        log.warning("re-queued open tickets from SQL at start-up", extra={"count": requeued})
    services.extras["handoff_upkeep"] = asyncio.create_task(
        upkeep(
            desk, lease_seconds=settings.handoff_lease_seconds, resync_seconds=settings.handoff_resync_seconds
        ),
        name="handoff-upkeep",
    )
    log.info("handoff ready", extra={"queue": type(queue).__name__, "worker": desk.worker_id})
    return desk


async def upkeep(desk: HandoffDesk, *, lease_seconds: int, resync_seconds: float) -> None:
    """Renew our leases, reclaim dead workers' tickets, escalate, and re-sync with SQL."""
    renew_every = max(0.5, lease_seconds / 3)
    last = {"renew": 0.0, "escalate": 0.0, "resync": time.monotonic()}
    while True:
        await asyncio.sleep(TICK_SECONDS)
        now = time.monotonic()
        for name, every, step in (
            ("renew", renew_every, desk.renew_leases),
            ("reclaim", 0.0, desk.reclaim_abandoned),
            ("escalate", ESCALATE_SECONDS, desk.escalate),
            ("resync", resync_seconds, desk.resync),
        ):
            if now - last.get(name, 0.0) < every:
                continue
            last[name] = now
            try:
                await step()
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis or SQL briefly away: try again next tick, never die
                log.exception("handoff upkeep step failed", extra={"step": name})


async def stop_handoff(services: Any) -> None:
    task = services.extras.pop("handoff_upkeep", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    desk: HandoffDesk | None = services.extras.get("handoff")  # type: ignore[assignment]
    if desk is not None:
        await desk.hub.aclose()
        await desk.queue.aclose()
