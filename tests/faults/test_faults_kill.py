"""SIGKILL the app mid-request and after acknowledging: after a restart and the platform's redelivery,
every message is stored exactly once, every urgent one has its urgent ticket, every reply goes out."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from faults_checks import (
    ORDINARY,
    URGENT,
    deliver,
    deliveries,
    inbound_count,
    open_urgent_tickets,
    redeliver_until_acknowledged,
    wait_until,
)
from faults_graph import FaultyGraph
from faults_procs import AppProcess

from bot.outbox import DEFAULT_LEASE_SECONDS
from bot.storage.migrate import upgrade


def test_sigkill_mid_request_loses_nothing(
    tmp_path: Path, make_app: Callable[..., AppProcess], graph: FaultyGraph
) -> None:
    db = tmp_path / "helpline.sqlite3"
    url = f"sqlite+aiosqlite:///{db}"
    upgrade(url)
    app = make_app(url)
    app.start()
    phone = "6281200000001"
    assert deliver(app.url, phone, "wamid.K1", ORDINARY) == 200

    # Hold SQLite's write lock so the next turn is caught inside its transaction, then kill the worker.
    lock = sqlite3.connect(db, isolation_level=None, timeout=30)
    lock.execute("BEGIN IMMEDIATE")
    answers: dict[str, int] = {}
    in_flight = [
        threading.Thread(target=lambda w=w, t=t: answers.__setitem__(w, deliver(app.url, phone, w, t)))
        for w, t in (("wamid.K2", URGENT), ("wamid.K3", ORDINARY))
    ]
    for thread in in_flight:
        thread.start()
    time.sleep(1.0)
    app.kill()
    for thread in in_flight:
        thread.join(30)
    lock.rollback()
    lock.close()
    assert answers == {"wamid.K2": 0, "wamid.K3": 0}, answers  # never acknowledged
    assert deliveries(url) == ["wamid.K1"]  # the killed turns left nothing half-done

    app.start()
    for wamid, body in (("wamid.K1", ORDINARY), ("wamid.K2", URGENT), ("wamid.K3", ORDINARY)):
        redeliver_until_acknowledged(app.url, phone, wamid, body)  # Meta retries; K1 is a duplicate
    assert deliveries(url) == ["wamid.K1", "wamid.K2", "wamid.K3"]
    assert inbound_count(url, phone) == 3
    assert open_urgent_tickets(url, phone) == 1
    # The killed worker may have claimed K1's replies (and even sent one) before it died: the restarted
    # process sees that the claimant is gone (its lock file is free) and takes them back at once, well
    # before their lease runs out; K2's and K3's replies queue behind them (order per chat).
    wait_until(lambda: len(graph.texts_to(phone)) >= 3, DEFAULT_LEASE_SECONDS - 5, "replies to all three messages")


def test_sigkill_after_acknowledging_still_sends_the_reply(
    tmp_path: Path, make_app: Callable[..., AppProcess], graph: FaultyGraph
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"
    upgrade(url)
    app = make_app(url)
    app.start()
    phone = "6281200000002"
    graph.fail_status = 500  # the reply cannot go out yet: it waits in the outbox
    assert deliver(app.url, phone, "wamid.A1", URGENT) == 200
    wait_until(lambda: graph.attempts >= 1, 20, "a first send attempt")
    app.kill()
    assert graph.texts_to(phone) == []
    graph.fail_status = None
    app.start()
    wait_until(lambda: len(graph.texts_to(phone)) >= 1, 60, "the stored reply sent after the restart")
    assert open_urgent_tickets(url, phone) == 1
    assert inbound_count(url, phone) == 1
