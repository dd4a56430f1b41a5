"""Login flood benchmark: does the server stay responsive while 60 failed logins run at once?

Starts ``uvicorn bot.asgi:app`` (as ``helpline run`` does: one worker, the embedded SQLite mode) from
this tree and, for comparison, from ``--baseline`` (a git ref, exported with ``git archive`` into a
temporary folder and run with the same venv). For each: ``/healthz`` latency at rest, then while 60
clients post wrong passwords back to back for ``--seconds``. Every guess uses a new name and a new
``X-Forwarded-For`` address (uvicorn trusts that header from 127.0.0.1), as a botnet would: the
throttle lets each one through, so only the password pool stands between the flood and the event
loop. The guessers run in a process of their own, the ``/healthz`` probes (one every 20 ms, each
waiting as long as it takes) in this one. Prints a Markdown table; target: ``/healthz`` p99 under 200 ms during the flood.

    .venv/bin/python bench/login/run.py [--baseline aafc791~1] [--seconds 8] [--concurrency 60]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import concurrent.futures
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "bench-correct-password-2026"
TOKEN = re.compile(r'name="login_csrf" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def export_tree(ref: str, into: Path) -> Path:
    """The tree of ``ref`` as plain files (no worktree, nothing in .git changes)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def start(tree: Path, workdir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "HELPLINE_DATA_DIR": str(workdir),
        "HELPLINE_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'helpline.sqlite3'}",
        "HELPLINE_NLU_MODEL_DIR": str(workdir.parent / "nlu-model"),  # trained once, shared by both trees
        "HELPLINE_SECRET_KEY": "b" * 40,
        "HELPLINE_LOG_LEVEL": "WARNING",
    }
    env.pop("HELPLINE_REDIS_URL", None)
    cli = [sys.executable, "-c", "from bot.cli import app; app()"]
    subprocess.run([*cli, "db", "upgrade"], cwd=tree, env=env, check=True, capture_output=True)
    subprocess.run(
        [*cli, "staff", "add", "ana"], cwd=tree, env=env, input=f"{PASSWORD}\n".encode(), check=True
    )
    command = [sys.executable, "-m", "uvicorn", "bot.asgi:app", "--host", "127.0.0.1", "--port", str(port)]
    app = subprocess.Popen([*command, "--no-access-log", "--log-level", "warning"], cwd=tree, env=env)
    deadline = time.monotonic() + 300  # the first start trains the NLU model
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise SystemExit(f"the app exited with {app.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return app
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    stop(app)
    raise SystemExit("the app did not answer /healthz")


def stop(app: subprocess.Popen[bytes]) -> None:
    if app.poll() is None:
        app.send_signal(signal.SIGINT)
        try:
            app.wait(20)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()


async def sample_healthz(base: str, stop_at: float) -> list[float]:
    """Sequential /healthz probes, one every 20 ms: latency in ms (a probe waits as long as it takes)."""
    found = []
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            answer = await client.get("/healthz")
            found.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
            await asyncio.sleep(0.02)
    return found


async def guesser(base: str, number: int, stop_at: float, codes: collections.Counter[int]) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        token = TOKEN.search((await client.get("/console/login")).text).group(1)  # type: ignore[union-attr]
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            answer = await client.post(
                "/console/login",
                data={"name": f"guess-{number}-{n}", "password": f"wrong-{n:06d}", "login_csrf": token},
                headers={"X-Forwarded-For": f"10.{number}.{n // 250 % 250}.{n % 250 + 1}"},
            )
            codes[answer.status_code] += 1
            found = TOKEN.search(answer.text)
            if found:
                token = found.group(1)
            if answer.status_code in (429, 503):  # as a browser would after "try again": a short pause
                await asyncio.sleep(0.05)


def flood(base: str, concurrency: int, stop_at: float) -> dict[int, int]:
    """The guessers, in a process of their own: their client work must not delay the probes' loop."""
    codes: collections.Counter[int] = collections.Counter()

    async def run() -> None:
        await asyncio.gather(*(guesser(base, n, stop_at, codes) for n in range(concurrency)))

    asyncio.run(run())
    return dict(sorted(codes.items()))


async def measure(base: str, seconds: float, concurrency: int) -> dict[str, Any]:
    rest = await sample_healthz(base, time.monotonic() + min(seconds, 3))
    stop_at = time.monotonic() + 1 + seconds  # time.monotonic is system-wide on Linux
    with concurrent.futures.ProcessPoolExecutor(1) as pool:
        guessing = asyncio.wrap_future(pool.submit(flood, base, concurrency, stop_at))
        await asyncio.sleep(1)  # the flood is under way
        under = await sample_healthz(base, stop_at)
        codes = await guessing
    return {"rest": rest, "flood": under, "codes": codes, "seconds": seconds}


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def table(results: dict[str, dict[str, Any]]) -> str:
    names = list(results)
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]

    def row(label: str, cell: Any) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(results[n]) for n in names) + " |")

    row(
        "/healthz at rest, median / p99 ms",
        lambda r: f"{statistics.median(r['rest']):.1f} / {pct(r['rest'], 0.99):.1f}",
    )
    row(
        "/healthz during the flood, median / p99 ms",
        lambda r: f"{statistics.median(r['flood']):.1f} / {pct(r['flood'], 0.99):.1f}",
    )
    row("/healthz during the flood, max ms", lambda r: f"{max(r['flood']):.0f}")
    row("/healthz probes answered during the flood", lambda r: str(len(r["flood"])))
    row(
        "login answers (status: count)",
        lambda r: ", ".join(f"{code}: {count}" for code, count in r["codes"].items()),
    )
    row("password checks per second (401s)", lambda r: f"{r['codes'].get(401, 0) / r['seconds']:.1f}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--baseline", default="", help="git ref to compare with (e.g. the commit before the fix)"
    )
    parser.add_argument("--seconds", type=float, default=8.0, help="how long the flood lasts")
    parser.add_argument("--concurrency", type=int, default=60, help="failed logins in flight at once")
    args = parser.parse_args()
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-login-") as tmp:
        trees = {"this tree": REPO}
        if args.baseline:
            label = f"baseline {args.baseline}"
            trees[label] = export_tree(args.baseline, Path(tmp) / "baseline")
        for label, tree in trees.items():
            workdir = Path(tmp) / f"data-{len(results)}"
            workdir.mkdir()
            port = free_port()
            app = start(tree, workdir, port)
            try:
                results[label] = asyncio.run(
                    measure(f"http://127.0.0.1:{port}", args.seconds, args.concurrency)
                )
            finally:
                stop(app)
    print(
        f"\n{args.concurrency} concurrent failed logins for {args.seconds:.0f} s, 1 uvicorn worker, SQLite,"
    )
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}\n")
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
