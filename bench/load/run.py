"""End-to-end load benchmark: our webhook path against a Rasa 3.6 server, same machine, same run.

Ours: signed WhatsApp deliveries into ``POST /webhooks/whatsapp`` of uvicorn (1 and 2 workers by
default) on PostgreSQL and Redis, replies going to a local fake Graph API. A turn is acknowledged (200) only once it is
stored, so latency = the whole turn. Rasa: its REST channel (``POST /webhooks/rest/webhook``) with a
model trained on this project's NLU data (bench/load/rasa_side.py). Both at concurrency 1 and 8.

    .venv/bin/python bench/load/run.py [--turns 400] [--workers 1 2] [--rasa-model PATH | --skip-rasa]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import rasa_side  # noqa: E402

from bot.storage.migrate import upgrade  # noqa: E402

APP_SECRET = "bench-app-secret-00112233"
PHONE_NUMBER_ID = "106540352242922"
PG_ADMIN = os.environ.get("HELPLINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("HELPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def texts() -> list[str]:
    """Every training example of every intent: the realistic mix of what users write."""
    found = []
    for path in sorted((REPO / "nlu" / "data").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            found += [
                line[2:].strip() for line in block.get("examples", "").splitlines() if line.startswith("- ")
            ]
    random.Random(7).shuffle(found)
    return found


def rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of one process, in MB."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def worker_pids(pid: int) -> list[int]:
    """The serving processes: uvicorn's worker children when it forks several, else the process itself."""
    children = [
        int(c)
        for task in Path(f"/proc/{pid}/task").iterdir()
        for c in (task / "children").read_text().split()
    ]
    return children or [pid]


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time consumed so far by these processes."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / ticks


def workers_rss_mb(pid: int) -> tuple[float, float]:
    """(RSS, peak RSS) of the largest worker, in MB: the per-worker memory the target is about."""
    sizes = [rss_mb(p) for p in worker_pids(pid)]
    return max(s[0] for s in sizes), max(s[1] for s in sizes)


def wait_ready(check, proc: subprocess.Popen[bytes], timeout: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{what} not ready after {timeout}s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def pg(database: str, statement: str) -> None:
    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(PG_ADMIN.rsplit("/", 1)[0] + "/" + database, timeout=10)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


# -- ours ----------------------------------------------------------------------------------------


def phone_of(user: int) -> str:
    return f"62812{user:08d}"


def signed_delivery(user: int, text: str, button: str | None = None) -> tuple[bytes, dict[str, str]]:
    """A WhatsApp delivery of ``text``, or of a press of the button with id ``button``."""
    message: dict[str, Any] = {
        "from": phone_of(user),
        "id": f"wamid.{uuid.uuid4().hex}",
        "timestamp": str(int(time.time())),
    }
    if button is None:
        message.update(type="text", text={"body": text})
    else:
        message.update(
            type="interactive",
            interactive={"type": "button_reply", "button_reply": {"id": button, "title": text}},
        )
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "6281100000000", "phone_number_id": PHONE_NUMBER_ID},
        "contacts": [{"profile": {"name": "Bench"}, "wa_id": phone_of(user)}],
        "messages": [message],
    }
    body = json.dumps(
        {
            "object": "whatsapp_business_account",
            "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
        }
    ).encode()
    signature = "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return body, {"X-Hub-Signature-256": signature, "Content-Type": "application/json"}


async def drive(
    send, jobs: list[Any], concurrency: int, posted: list[tuple[Any, float]] | None = None
) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Run ``send(job)`` over all jobs with ``concurrency`` workers; latency per job, throughput.
    ``posted`` (if given) receives (job, monotonic time the post began) for matching replies."""
    queue: asyncio.Queue[Any] = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    latencies: list[float] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        while not queue.empty():
            job = queue.get_nowait()
            if posted is not None:
                posted.append((job, time.monotonic()))
            started = time.perf_counter()
            ok = await send(job)
            latencies.append(time.perf_counter() - started)
            errors += 0 if ok else 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "turns": len(jobs),
        "errors": errors,
        "seconds": elapsed,
        "throughput": len(jobs) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
    }


def reply_latencies(
    posted: list[tuple[Any, float]], arrivals: list[tuple[float, str]], level_started: float
) -> dict[str, float]:
    """Each turn's first reply at the fake Graph API: post -> reply latency, and turns per second until
    the last of those first replies arrived (each user writes once per level, so the first reply to a
    user after their post is the answer to it)."""
    by_phone: dict[str, list[float]] = {}
    for at, phone in arrivals:
        by_phone.setdefault(phone, []).append(at)
    latencies, answered_at, unanswered = [], [], 0
    for (user, _text), post_at in posted:
        first = next((at for at in sorted(by_phone.get(phone_of(user), [])) if at >= post_at), None)
        if first is None:
            unanswered += 1
            continue
        latencies.append(first - post_at)
        answered_at.append(first)
    ordered = sorted(latencies) or [float("nan")]
    return {
        "reply_p50_ms": statistics.median(ordered) * 1000,
        "reply_p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "unanswered": unanswered,
        "end_to_end_throughput": len(answered_at) / (max(answered_at) - level_started)
        if answered_at
        else 0.0,
    }


async def settle(graph: httpx.AsyncClient, quiet_seconds: float = 1.5, timeout: float = 120) -> None:
    """Wait until replies stop arriving (per-chat pacing spaces a turn's replies ~1 s apart)."""
    last, quiet_since, deadline = -1, time.monotonic(), time.monotonic() + timeout
    while time.monotonic() < deadline:
        count = int((await graph.get("/count")).text)
        if count != last:
            last, quiet_since = count, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_seconds:
            return
        await asyncio.sleep(0.1)
    raise RuntimeError("replies still arriving after the level")


def ours(turns: int, sample: list[str], workdir: Path, workers: int = 1) -> dict[str, Any]:
    database = f"helpline_bench_{uuid.uuid4().hex[:8]}"
    pg(
        "postgres" if PG_ADMIN.endswith("/postgres") else PG_ADMIN.rsplit("/", 1)[1],
        f'CREATE DATABASE "{database}"',
    )
    url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1) + "/" + database
    graph_port, port = free_port(), free_port()
    graph = subprocess.Popen([sys.executable, str(HERE / "fake_graph.py"), str(graph_port)])
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "HELPLINE_DATABASE_URL": url,
        "HELPLINE_REDIS_URL": REDIS,
        "HELPLINE_REDIS_PREFIX": f"bench-{database}",
        "HELPLINE_DATA_DIR": str(workdir),
        "HELPLINE_NLU_MODEL_DIR": str(workdir / "nlu"),
        "HELPLINE_SECRET_KEY": "b" * 40,
        "HELPLINE_LOG_LEVEL": "WARNING",
        "HELPLINE_WHATSAPP_TOKEN": "EAAG-bench",
        "HELPLINE_WHATSAPP_APP_SECRET": APP_SECRET,
        "HELPLINE_WHATSAPP_VERIFY_TOKEN": "bench",
        "HELPLINE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "HELPLINE_WHATSAPP_API_BASE_URL": f"http://127.0.0.1:{graph_port}",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bot.asgi:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--workers",
        str(workers),
    ]
    base = f"http://127.0.0.1:{port}"
    result: dict[str, Any] = {}
    try:
        upgrade(url)
        for attempt in ("first start (trains the NLU model)", "cold start"):
            started = time.perf_counter()
            app = subprocess.Popen(command, cwd=REPO, env=env)
            wait_ready(lambda: httpx.get(f"{base}/healthz", timeout=2).status_code == 200, app, 300, "app")
            result[attempt] = time.perf_counter() - started
            if attempt != "cold start":
                stop(app)
        result["cold_start_s"] = result.pop("cold start")
        result["rss_idle_mb"] = workers_rss_mb(app.pid)[0]

        async def run_all() -> None:
            async with (
                httpx.AsyncClient(base_url=base, timeout=60) as client,
                httpx.AsyncClient(base_url=f"http://127.0.0.1:{graph_port}", timeout=10) as graph_api,
            ):

                async def send(job: tuple[int, str] | tuple[int, str, str]) -> bool:
                    body, headers = signed_delivery(*job)
                    return (
                        await client.post("/webhooks/whatsapp", content=body, headers=headers)
                    ).status_code == 200

                await drive(send, [(9000 + i, sample[i % len(sample)]) for i in range(40)], 8)  # warm-up
                workers = worker_pids(app.pid)
                for concurrency in (1, 8):
                    users = [concurrency * 100000 + i for i in range(turns)]
                    # Not measured: each user greets and agrees to the privacy notice, so the measured
                    # turn is a question in an ongoing conversation (not the consent prompt again).
                    await drive(send, [(u, "halo") for u in users], 8)
                    await drive(send, [(u, "I agree", "agree") for u in users], 8)
                    await settle(graph_api)
                    jobs = [(u, sample[i % len(sample)]) for i, u in enumerate(users)]
                    posted: list[tuple[Any, float]] = []
                    cpu_before, level_started = cpu_seconds(workers), time.monotonic()
                    level = result[f"c{concurrency}"] = await drive(send, jobs, concurrency, posted)
                    await settle(graph_api)  # the level's replies are all sent, and counted in the CPU
                    level["cpu_ms_per_turn"] = (cpu_seconds(workers) - cpu_before) * 1000 / turns
                    arrivals = [(at, to) for at, to in (await graph_api.get("/log")).json()]
                    level.update(reply_latencies(posted, arrivals, level_started))

        asyncio.run(run_all())
        result["rss_mb"], result["rss_peak_mb"] = workers_rss_mb(app.pid)
        time.sleep(2)
        result["graph_sends"] = int(httpx.get(f"http://127.0.0.1:{graph_port}/count").text)
        stop(app)
    finally:
        stop(graph)
        pg(PG_ADMIN.rsplit("/", 1)[1], f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return result


# -- Rasa ----------------------------------------------------------------------------------------


def rasa(turns: int, sample: list[str], model: Path, workdir: Path) -> dict[str, Any]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (workdir / "rasa-run.log").open("wb")
    started = time.perf_counter()
    proc = subprocess.Popen(
        rasa_side.serve_command(model, port), cwd=workdir, stdout=log, stderr=subprocess.STDOUT
    )
    result: dict[str, Any] = {}
    try:

        def answers() -> bool:
            reply = httpx.post(
                f"{base}/webhooks/rest/webhook", json={"sender": "warm", "message": "halo"}, timeout=30
            )
            return reply.status_code == 200 and bool(reply.json())

        wait_ready(answers, proc, 600, "rasa")
        result["cold_start_s"] = time.perf_counter() - started
        result["rss_idle_mb"] = rss_mb(proc.pid)[0]

        async def run_all() -> None:
            async with httpx.AsyncClient(base_url=base, timeout=120) as client:

                async def send(job: tuple[str, str]) -> bool:
                    reply = await client.post(
                        "/webhooks/rest/webhook", json={"sender": job[0], "message": job[1]}
                    )
                    return reply.status_code == 200 and bool(reply.json())

                await drive(send, [(f"warm{i}", sample[i % len(sample)]) for i in range(40)], 8)
                processes = sorted({proc.pid, *worker_pids(proc.pid)})
                for concurrency in (1, 8):
                    users = [f"u{concurrency}-{i}" for i in range(turns)]
                    await drive(send, [(u, "halo") for u in users], 8)  # as ours: an ongoing conversation
                    jobs = [(u, sample[i % len(sample)]) for i, u in enumerate(users)]
                    cpu_before = cpu_seconds(processes)
                    level = result[f"c{concurrency}"] = await drive(send, jobs, concurrency)
                    level["cpu_ms_per_turn"] = (cpu_seconds(processes) - cpu_before) * 1000 / turns
                    # The REST channel answers in the HTTP reply: the reply arrives with the response.
                    level.update(
                        reply_p50_ms=level["p50_ms"],
                        reply_p99_ms=level["p99_ms"],
                        unanswered=level["errors"],
                        end_to_end_throughput=level["throughput"],
                    )

        asyncio.run(run_all())
        result["rss_mb"], result["rss_peak_mb"] = rss_mb(proc.pid)
    finally:
        stop(proc)
        log.close()
    return result


def median_of(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Field by field median of several runs' results (nested dicts of numbers)."""
    merged: dict[str, Any] = {}
    for key, first in results[0].items():
        values = [r[key] for r in results]
        if isinstance(first, dict):
            merged[key] = median_of(values)
        elif isinstance(first, int | float):
            middle = statistics.median(values)
            merged[key] = type(first)(middle) if isinstance(first, int) else middle
    return merged


def table(ours_by_workers: dict[int, dict[str, Any]], theirs: dict[str, Any] | None, why_not: str) -> str:
    def cell(side: dict[str, Any] | None, key: str, fmt: str) -> str:
        if side is None:
            return "—"
        value: Any = side
        for part in key.split("."):
            if part not in value:
                return "—"  # e.g. Rasa answers in the HTTP reply: no Graph API
            value = value[part]
        return format(value, fmt)

    rows = [
        ("turns/s, concurrency 1 (webhook answered)", "c1.throughput", ".1f"),
        ("p50 ms, c=1", "c1.p50_ms", ".1f"),
        ("p99 ms, c=1", "c1.p99_ms", ".1f"),
        ("reply p50 / p99 ms, c=1 (post to first reply sent)", "c1.reply_p50_ms c1.reply_p99_ms", ".1f"),
        ("turns/s, concurrency 8 (webhook answered)", "c8.throughput", ".1f"),
        ("p50 ms, c=8", "c8.p50_ms", ".1f"),
        ("p99 ms, c=8", "c8.p99_ms", ".1f"),
        ("reply p50 / p99 ms, c=8 (post to first reply sent)", "c8.reply_p50_ms c8.reply_p99_ms", ".1f"),
        ("turns/s to the last first reply, c=8", "c8.end_to_end_throughput", ".1f"),
        ("turns left without a reply (c=1 + c=8)", "unanswered", "d"),
        (
            "server CPU ms per turn, c=8 (workers' user+sys, replies sent included)",
            "c8.cpu_ms_per_turn",
            ".1f",
        ),
        ("errors (c=1 + c=8)", "errors", "d"),
        ("worker RSS after load, MB", "rss_mb", ".0f"),
        ("worker peak RSS, MB", "rss_peak_mb", ".0f"),
        ("cold start, s", "cold_start_s", ".2f"),
        ("replies delivered to the fake Graph API", "graph_sends", "d"),
    ]
    sides = [*ours_by_workers.values(), theirs]
    for side in sides:
        if side is not None:
            side["errors"] = side["c1"]["errors"] + side["c8"]["errors"]
            side["unanswered"] = side["c1"]["unanswered"] + side["c8"]["unanswered"]
    headers = [f"helpline, {n} worker{'s' if n > 1 else ''}" for n in ours_by_workers] + ["Rasa 3.6 REST"]
    lines = ["| measure | " + " | ".join(headers) + " |", "|---|" + "---:|" * len(headers)]
    for name, key, fmt in rows:
        cells = [" / ".join(cell(side, k, fmt) for k in key.split()) for side in sides]  # "p50 / p99"
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if theirs is not None:
        for what, key in (
            ("webhook answered", "throughput"),
            ("to the first reply", "end_to_end_throughput"),
        ):
            ratios = [f"{side['c8'][key] / theirs['c8'][key]:.1f}x" for side in ours_by_workers.values()]
            lines.append(f"| throughput ratio at c=8, {what} | " + " | ".join(ratios) + " | 1x |")
    else:
        lines.append(f"\nRasa side missing: {why_not}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=400, help="measured turns per concurrency level")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="uvicorn worker counts to measure (ours)"
    )
    parser.add_argument("--rasa-model", type=Path, help="a model from rasa_side.py (else trained now)")
    parser.add_argument("--rasa-epochs", type=int, default=5)
    parser.add_argument("--skip-rasa", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=1, help="measure every side this many times, interleaved; print medians"
    )
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args()
    sample = texts()
    workdir = Path(tempfile.mkdtemp(prefix="helpline-bench-"))
    model, why_not = None, ""
    if args.skip_rasa:
        why_not = "--skip-rasa"
    elif not rasa_side.RASA_BIN.exists():
        why_not = f"{rasa_side.RASA_BIN} is not installed"
    else:
        model = args.rasa_model
        if model is None:
            model, seconds = rasa_side.train(
                rasa_side.write_project(workdir, args.rasa_epochs), workdir / "train.log"
            )
            print(f"rasa model trained in {seconds:.0f}s", file=sys.stderr)
    runs: dict[int, list[dict[str, Any]]] = {n: [] for n in args.workers}
    rasa_runs: list[dict[str, Any]] = []
    for _ in range(args.repeat):  # interleaved, so a busy minute on the host hits every side alike
        for n in args.workers:
            runs[n].append(ours(args.turns, sample, workdir, n))
        if model is not None:
            rasa_runs.append(rasa(args.turns, sample, model.resolve(), workdir))
    ours_by_workers = {n: median_of(results) for n, results in runs.items()}
    theirs = median_of(rasa_runs) if rasa_runs else None
    if args.repeat > 1:
        print(f"medians of {args.repeat} runs per side\n")
    print(table(ours_by_workers, theirs, why_not))
    first = runs[args.workers[0]][0]  # later runs find the model already built
    print(f"\nours, first start including NLU training: {first['first start (trains the NLU model)']:.1f}s")
    if args.json:
        args.json.write_text(json.dumps({"ours": runs, "rasa": rasa_runs}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
