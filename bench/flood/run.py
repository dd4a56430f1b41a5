"""Emergency flood benchmark: do real emergencies stay first while one client floods the urgent queue?

Starts ``uvicorn bot.asgi:app`` (as ``helpline run`` does: one worker, the embedded SQLite mode, no
Redis) from this tree. A separate process posts ``--floods`` fake emergencies (the Emergency button,
each from a new random web-chat id, all from one ``X-Forwarded-For`` address, which uvicorn trusts from
127.0.0.1) with ``--concurrency`` in flight; meanwhile this process sends 10 real emergencies, one
every ``--spacing`` seconds, each from its own address, and probes ``/healthz`` every 20 ms. Then it
reads the queue in dispatch order from SQL (handoff.service.list_open_tickets, the order "take next"
follows) and prints a Markdown table. Targets: the 10 real tickets are the first 10, each got its
card, ``/healthz`` p99 under 100 ms during the flood, 1 supervisor alert.

    .venv/bin/python bench/flood/run.py [--floods 1000] [--concurrency 20] [--spacing 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import concurrent.futures
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench" / "login"))

from run import free_port, pct, sample_healthz, start, stop  # noqa: E402  (bench/login/run.py)

FLOOD_ADDRESS = "10.66.0.1"
REAL = 10


async def press(client: httpx.AsyncClient, address: str) -> tuple[str, list[str]]:
    user = secrets.token_urlsafe(16)
    answer = await client.post(
        "/chat/messages", json={"user": user, "button": "emergency"}, headers={"X-Forwarded-For": address}
    )
    answer.raise_for_status()
    return user, [r["text"] for r in answer.json()["replies"]]


def flood(base: str, floods: int, concurrency: int) -> dict[str, Any]:
    """The fake emergencies, in a process of their own (their client work must not delay the probes)."""
    firsts: collections.Counter[str] = collections.Counter()
    left = list(range(floods))

    async def worker(client: httpx.AsyncClient) -> None:
        while left:
            left.pop()
            _, replies = await press(client, FLOOD_ADDRESS)
            firsts[replies[0] if replies else ""] += 1

    async def run() -> float:
        started = time.monotonic()
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return time.monotonic() - started

    seconds = asyncio.run(run())
    return {"firsts": dict(firsts), "seconds": seconds}


async def real_ones(base: str, spacing: float) -> list[tuple[str, list[str]]]:
    found = []
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for n in range(REAL):
            await asyncio.sleep(spacing)
            found.append(await press(client, f"10.1.{n}.{n + 7}"))
    return found


async def queue_of(database: Path) -> tuple[list[tuple[str, bool]], int]:
    """The open tickets in dispatch order as (web chat id, flood lane), and the flood alerts recorded."""
    from sqlalchemy import func, select
    from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

    from bot.storage.models import AuditEvent, Contact, Conversation, Ticket
    from handoff import service

    engine = create_async_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with async_sessionmaker(engine)() as session:
            ordered = await service.list_open_tickets(session)
            owners = dict(
                (
                    await session.execute(
                        select(Ticket.id, Contact.channel_user_id)
                        .join(Conversation, Conversation.id == Ticket.conversation_id)
                        .join(Contact, Contact.id == Conversation.contact_id)
                    )
                ).all()
            )
            alerts = await session.scalar(select(func.count()).where(AuditEvent.action == "flood.alert"))
    finally:
        await engine.dispose()
    return [(owners[t.id], t.flood) for t in ordered], int(alerts or 0)


async def measure(base: str, database: Path, floods: int, concurrency: int, spacing: float) -> dict[str, Any]:
    rest = await sample_healthz(base, time.monotonic() + 2)
    with concurrent.futures.ProcessPoolExecutor(1) as pool:
        flooding = asyncio.wrap_future(pool.submit(flood, base, floods, concurrency))
        await asyncio.sleep(0.5)  # the flood is under way
        stop_probes = asyncio.Event()

        async def probes() -> list[float]:
            found: list[float] = []
            while not stop_probes.is_set():
                found += await sample_healthz(base, time.monotonic() + 0.5)
            return found

        probing = asyncio.create_task(probes())
        real = await real_ones(base, spacing)
        flooded = await flooding
        stop_probes.set()
        under = await probing
    queue, alerts = await queue_of(database)
    return {"rest": rest, "under": under, "real": real, "flood": flooded, "queue": queue, "alerts": alerts}


def table(r: dict[str, Any], floods: int) -> str:
    cards = set(r["flood"]["firsts"])
    card = next(iter(cards)) if len(cards) == 1 else None
    real_users = [user for user, _ in r["real"]]
    positions = [n + 1 for n, (user, _) in enumerate(r["queue"]) if user in real_users]
    got_card = sum(1 for _, replies in r["real"] if card is not None and replies[:1] == [card])
    flood_lane = sum(1 for _, in_lane in r["queue"] if in_lane)
    lines = ["| measure | result | target |", "|---|---:|---:|"]
    lines += [
        f"| fake emergencies from one address (seconds) | {floods} ({r['flood']['seconds']:.1f} s) | |",
        f"| queue positions of the 10 real tickets | {', '.join(map(str, positions))} | 1-10 |",
        f"| real ones that got the card at once | {got_card}/{REAL} | {REAL}/{REAL} |",
        f"| fake ones that got the card (one card text for all) | "
        f"{sum(r['flood']['firsts'].values())}/{floods} ({'yes' if card else 'no'}) | {floods}/{floods} |",
        f"| open tickets / in the flood lane | {len(r['queue'])} / {flood_lane} | {floods + REAL} / {floods} |",
        f"| supervisor alerts (flood.alert) | {r['alerts']} | 1 |",
        f"| /healthz at rest, median / p99 ms | {statistics.median(r['rest']):.1f} / {pct(r['rest'], 0.99):.1f} | |",
        f"| /healthz during the flood, median / p99 ms | {statistics.median(r['under']):.1f} / "
        f"{pct(r['under'], 0.99):.1f} | p99 < 100 |",
        f"| /healthz during the flood, max ms / probes | {max(r['under']):.0f} / {len(r['under'])} | |",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--floods", type=int, default=1000, help="fake emergencies from one address")
    parser.add_argument("--concurrency", type=int, default=20, help="fake emergencies in flight at once")
    parser.add_argument("--spacing", type=float, default=0.5, help="seconds between the real emergencies")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-flood-") as tmp:
        workdir = Path(tmp) / "data"
        workdir.mkdir()
        port = free_port()
        app = start(REPO, workdir, port)
        try:
            result = asyncio.run(
                measure(
                    f"http://127.0.0.1:{port}",
                    workdir / "helpline.sqlite3",
                    args.floods,
                    args.concurrency,
                    args.spacing,
                )
            )
        finally:
            stop(app)
    print(table(result, args.floods))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
