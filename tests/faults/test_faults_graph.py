"""A slow or failing Graph API never holds up or loses a turn: the webhook answers once the turn is
stored, and the outbox delivers the reply when Meta answers again. (One app process for both, to keep
the folder's run time down: each start costs seconds.)"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from faults_checks import ORDINARY, URGENT, deliver, inbound_count, open_urgent_tickets, wait_until
from faults_graph import FaultyGraph
from faults_procs import AppProcess

from bot.storage.migrate import upgrade


def test_slow_then_failing_graph_api(
    tmp_path: Path, make_app: Callable[..., AppProcess], graph: FaultyGraph
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'helpline.sqlite3'}"
    upgrade(url)
    app = make_app(url)
    app.start()
    assert deliver(app.url, "6281400000000", "wamid.warm", ORDINARY) == 200  # warm up

    # Slow: Meta takes 6 s per send; the webhook still answers at once, the replies follow.
    graph.delay = 6.0
    slow = "6281400000001"
    started = time.monotonic()
    assert deliver(app.url, slow, "wamid.S1", URGENT) == 200
    assert deliver(app.url, slow, "wamid.S2", ORDINARY) == 200
    assert time.monotonic() - started < 5.0  # acknowledged without waiting for Meta
    assert open_urgent_tickets(url, slow) == 1
    wait_until(lambda: len(graph.texts_to(slow)) >= 2, 90, "the replies, once the slow API answered")

    # Failing: 503 on every send; retried, and delivered once Meta works again.
    graph.delay = 0.0
    failing = "6281400000002"
    graph.fail_status = 503
    attempts_before = graph.attempts
    assert deliver(app.url, failing, "wamid.F1", URGENT) == 200
    wait_until(lambda: graph.attempts >= attempts_before + 2, 30, "retries while the API fails")
    assert graph.texts_to(failing) == []
    graph.fail_status = None
    wait_until(lambda: len(graph.texts_to(failing)) >= 1, 60, "the reply once the API works again")
    assert inbound_count(url, failing) == 1
    assert open_urgent_tickets(url, failing) == 1
