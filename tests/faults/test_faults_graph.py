"""A slow or failing Graph API never holds up or loses a turn: the webhook answers once the turn is
stored, and the outbox delivers the reply when Meta answers again."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from faults_checks import ORDINARY, URGENT, deliver, inbound_count, open_urgent_tickets, wait_until
from faults_graph import FaultyGraph
from faults_procs import AppProcess

from bot.storage.migrate import upgrade


def test_slow_graph_api_does_not_slow_the_webhook(
    tmp_path: Path, make_app: Callable[..., AppProcess], graph: FaultyGraph
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"
    upgrade(url)
    app = make_app(url)
    app.start()
    assert deliver(app.url, "6281400000000", "wamid.warm", ORDINARY) == 200  # warm up
    graph.delay = 6.0
    phone = "6281400000001"
    started = time.monotonic()
    assert deliver(app.url, phone, "wamid.S1", URGENT) == 200
    assert deliver(app.url, phone, "wamid.S2", ORDINARY) == 200
    assert time.monotonic() - started < 4.0  # acknowledged without waiting for Meta
    assert open_urgent_tickets(url, phone) == 1
    wait_until(lambda: len(graph.texts_to(phone)) >= 2, 60, "the replies, once the slow API answered")


def test_failing_graph_api_is_retried_until_it_recovers(
    tmp_path: Path, make_app: Callable[..., AppProcess], graph: FaultyGraph
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"
    upgrade(url)
    app = make_app(url)
    app.start()
    phone = "6281400000002"
    graph.fail_status = 503
    assert deliver(app.url, phone, "wamid.F1", URGENT) == 200
    wait_until(lambda: graph.attempts >= 2, 30, "retries while the API fails")
    assert graph.texts_to(phone) == []
    graph.fail_status = None
    wait_until(lambda: len(graph.texts_to(phone)) >= 1, 60, "the reply once the API works again")
    assert inbound_count(url, phone) == 1
