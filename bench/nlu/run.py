"""NLU benchmark: the embedded classifier against Rasa 3.6 DIET, trained on the same nlu/data and scored on
the same held-out nlu/tests/test_set.yml. Prints one table; writes the numbers to bench/results/nlu.json.

    .venv/bin/python bench/nlu/run.py                    # trains both, runs both servers on 127.0.0.1
    .venv/bin/python bench/nlu/run.py --reuse-rasa-model # skip `rasa train` if rasa-work/models has one
    .venv/bin/python bench/nlu/run.py --no-rasa          # embedded only

Latency: embedded in-process (parse_sync) and, for like-with-like, both backends over HTTP from the same
keep-alive httpx client (embedded behind bench/nlu/embedded_server.py). Peak memory is the serving
process's peak resident set (VmHWM). Rasa training time is the wall clock of `rasa train nlu`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import httpx

REPO = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from nlu.artefact import train_artefact  # noqa: E402 - after the path set-up above
from nlu.embedded import EmbeddedBackend  # noqa: E402
from nlu.evaluation import Report, score  # noqa: E402
from nlu.rasa import train as rasa_train  # noqa: E402
from nlu.rasa_backend import RasaBackend  # noqa: E402
from nlu.training_data import load_test_set  # noqa: E402
from nlu.types import NluResult  # noqa: E402


def percentile(samples_ms: list[float], p: float) -> float:
    ordered = sorted(samples_ms)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def peak_rss_mb(pid: int) -> float:
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(command: list[str], url: str, timeout: float) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {' '.join(command)}")
        try:
            if httpx.post(f"{url}/model/parse", json={"text": "halo"}, timeout=5).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(1)
    process.kill()
    raise TimeoutError(f"server not ready after {timeout}s: {' '.join(command)}")


def stop_server(process: subprocess.Popen[bytes]) -> float:
    peak = peak_rss_mb(process.pid)
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return peak


def http_latencies(url: str, texts: list[str], rounds: int) -> list[float]:
    samples: list[float] = []
    with httpx.Client(timeout=30) as client:
        client.post(f"{url}/model/parse", json={"text": "warm up"})
        for _ in range(rounds):
            for text in texts:
                started = time.perf_counter_ns()
                client.post(f"{url}/model/parse", json={"text": text}).raise_for_status()
                samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def classifier_only_macro_f1(examples: list, results: list[NluResult]) -> float:
    """Macro-F1 of the classifier's own top intent, before the urgent layers can turn it into `emergency`."""
    raw = [dataclasses.replace(r, intent=r.ranking[0][0] if r.ranking else r.intent) for r in results]
    return score(examples, raw).macro_f1


def row(
    name: str, report: Report | None, train_s: float | None, lat: dict[str, float | None], mem: float | None
) -> dict:
    return {
        "backend": name,
        "accuracy": report.accuracy if report else None,
        "macro_f1": report.macro_f1 if report else None,
        "urgent_recall": report.urgent_recall if report else None,
        "false_urgent_rate": report.false_urgent_rate if report else None,
        "possible": report.possible_count if report else None,
        "train_s": train_s,
        **lat,
        "peak_rss_mb": mem,
    }


def bench_embedded(texts: list[str], rounds: int, port: int) -> tuple[dict, Report]:
    model_dir = pathlib.Path(tempfile.mkdtemp(prefix="bench-nlu-"))
    started = time.perf_counter()
    train_artefact(model_dir)
    train_s = time.perf_counter() - started
    backend = EmbeddedBackend.load(model_dir)
    examples = load_test_set()
    results = [backend.parse_sync(e.text) for e in examples]
    report = score(examples, results)
    in_process: list[float] = []
    cpu: list[float] = []  # CPU time per parse: what a parse costs, even when other work shares the CPU
    for _ in range(rounds):
        for text in texts:
            t0, c0 = time.perf_counter_ns(), time.process_time_ns()
            backend.parse_sync(text)
            cpu.append((time.process_time_ns() - c0) / 1e6)
            in_process.append((time.perf_counter_ns() - t0) / 1e6)
    url = f"http://127.0.0.1:{port}"
    server_script = str(REPO / "bench/nlu/embedded_server.py")
    command = [sys.executable, server_script, "--model-dir", str(model_dir), "--port", str(port)]
    server = start_server(command, url, timeout=120)
    try:
        over_http = http_latencies(url, texts, rounds)
    finally:
        peak = stop_server(server)
    lat = {
        "inproc_p50_ms": percentile(in_process, 50),
        "inproc_p99_ms": percentile(in_process, 99),
        "inproc_cpu_p50_ms": percentile(cpu, 50),
        "inproc_cpu_p99_ms": percentile(cpu, 99),
        "http_p50_ms": percentile(over_http, 50),
        "http_p99_ms": percentile(over_http, 99),
    }
    result_row = row("embedded (TF-IDF + LinearSVC)", report, train_s, lat, peak)
    result_row["classifier_macro_f1"] = classifier_only_macro_f1(examples, results)
    return result_row, report


def bench_rasa(args: argparse.Namespace, texts: list[str]) -> tuple[dict, Report]:
    model = args.rasa_out / f"{rasa_train.MODEL_NAME}.tar.gz"
    train_s: float | None = None
    if not (args.reuse_rasa_model and model.exists()):
        model, train_s = rasa_train.train(args.rasa_bin, args.rasa_out)
    elif (args.rasa_out / "train_seconds.txt").exists():  # written by nlu/rasa/train.py
        train_s = float((args.rasa_out / "train_seconds.txt").read_text())
    url = f"http://127.0.0.1:{args.rasa_port}"
    command = [str(args.rasa_bin), "run", "--enable-api", "-m", str(model), "--port", str(args.rasa_port),
               "-i", "127.0.0.1"]
    server = start_server(command, url, timeout=args.rasa_start_timeout)
    try:
        examples = load_test_set()

        async def parse_all() -> list[NluResult]:
            backend = RasaBackend(url, timeout=60)
            try:
                return [await backend.parse(e.text) for e in examples]
            finally:
                await backend.aclose()

        results = asyncio.run(parse_all())
        report = score(examples, results)
        over_http = http_latencies(url, texts, args.rounds)
    finally:
        peak = stop_server(server)
    lat = {"inproc_p50_ms": None, "inproc_p99_ms": None, "inproc_cpu_p50_ms": None, "inproc_cpu_p99_ms": None,
           "http_p50_ms": percentile(over_http, 50), "http_p99_ms": percentile(over_http, 99)}
    result_row = row("rasa 3.6 DIET (+ our urgent layers)", report, train_s, lat, peak)
    result_row["classifier_macro_f1"] = classifier_only_macro_f1(examples, results)
    return result_row, report


def fmt(value: object, pattern: str) -> str:
    return "—" if value is None else format(value, pattern)


COLUMNS = (
    ("backend", "backend", "s"),
    ("accuracy", "accuracy", ".3f"),
    ("macro-F1", "macro_f1", ".3f"),
    ("classifier-only macro-F1", "classifier_macro_f1", ".3f"),
    ("urgent recall", "urgent_recall", ".3f"),
    ("false-urgent", "false_urgent_rate", ".3f"),
    ("POSSIBLE", "possible", "d"),
    ("train s", "train_s", ".1f"),
    ("in-proc p50 ms", "inproc_p50_ms", ".3f"),
    ("in-proc p99 ms", "inproc_p99_ms", ".3f"),
    ("in-proc CPU p50 ms", "inproc_cpu_p50_ms", ".3f"),
    ("in-proc CPU p99 ms", "inproc_cpu_p99_ms", ".3f"),
    ("HTTP p50 ms", "http_p50_ms", ".2f"),
    ("HTTP p99 ms", "http_p99_ms", ".2f"),
    ("peak RSS MB", "peak_rss_mb", ".0f"),
)


def print_table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(title for title, _, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        lines.append("| " + " | ".join(fmt(r[key], pattern) for _, key, pattern in COLUMNS) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description="Embedded NLU vs Rasa DIET on the held-out set")
    parser.add_argument("--no-rasa", action="store_true")
    parser.add_argument("--reuse-rasa-model", action="store_true")
    parser.add_argument("--rasa-bin", type=pathlib.Path, default=REPO / ".rasa-venv/bin/rasa")
    parser.add_argument("--rasa-out", type=pathlib.Path, default=REPO / "rasa-work/models")
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--rasa-start-timeout", type=float, default=600)
    parser.add_argument("--embedded-port", type=int, default=5055)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the test set for latency")
    args = parser.parse_args()
    texts = [e.text for e in load_test_set()]
    rows, reports = [], {}
    embedded_row, reports["embedded"] = bench_embedded(texts, args.rounds, args.embedded_port)
    rows.append(embedded_row)
    if not args.no_rasa:
        if args.rasa_bin.exists():
            rasa_row, reports["rasa"] = bench_rasa(args, texts)
            rows.append(rasa_row)
        else:
            print(f"Rasa not installed at {args.rasa_bin}: embedded only", file=sys.stderr)
    table = print_table(rows)
    # Shared machines skew latency; say how busy this one was.
    load = os.getloadavg()
    machine = f"{os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min)"
    print(table)
    print(f"\nmeasured on {machine}")
    for name, report in reports.items():
        print(f"\n## {name}\n{report.as_text()}")
    results = REPO / "bench/results"
    results.mkdir(parents=True, exist_ok=True)
    measured = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (results / "nlu.json").write_text(json.dumps({"rows": rows, "measured": measured, "machine": machine}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
