"""Real app processes for tests: uvicorn subprocesses on 127.0.0.1 and free ports."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]


@dataclass
class AppProcess:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def fresh_client() -> httpx.AsyncClient:
    # No keep-alive: a connection the server closed while idle must not be reused mid-burst.
    return httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_keepalive_connections=0))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(name: str, env: dict[str, str], tmp: Path) -> AppProcess:
    port = free_port()
    log = tmp / f"{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bot.asgi:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180  # the first start may train the NLU model
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return AppProcess(name, url, process, log)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{name} did not become healthy: {log.read_text()[-3000:]}")
