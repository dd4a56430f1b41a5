"""A tiny local Graph API for the fault tests, served from a thread so app subprocesses can reach it.
It can be slow (``delay``) or fail (``fail_status``) on purpose, and records what it was sent."""

from __future__ import annotations

import asyncio
import itertools
import socket
import threading
import time
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "EAAG-faults-token"
PHONE_NUMBER_ID = "106540352242922"
APP_SECRET = "faults-app-secret-0011223344"


class FaultyGraph:
    def __init__(self) -> None:
        self.delay = 0.0
        self.fail_status: int | None = None
        self.sent: list[dict[str, Any]] = []
        self.attempts = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        app = Starlette(routes=[Route("/{phone}/messages", self._send, methods=["POST"])])
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self._sock = sock
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self._thread = threading.Thread(target=lambda: asyncio.run(self._server.serve([sock])), daemon=True)

    async def _send(self, request: Request) -> JSONResponse:
        body = await request.json()
        with self._lock:
            self.attempts += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_status is not None:
            error = {"error": {"message": "An unknown error occurred", "type": "OAuthException", "code": 1}}
            return JSONResponse(error, self.fail_status)
        with self._lock:
            self.sent.append(body)
        wamid = f"wamid.FAULT{next(self._ids):06d}"
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                "messages": [{"id": wamid}],
            }
        )

    def texts_to(self, phone: str) -> list[str]:
        with self._lock:
            found = [b for b in self.sent if b.get("to") == phone]
        return [
            str(b.get("text", {}).get("body") or b.get("interactive", {}).get("body", {}).get("text"))
            for b in found
        ]

    def __enter__(self) -> FaultyGraph:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            assert time.monotonic() < deadline, "fake Graph API did not start"
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(5)


def settings_env(graph: FaultyGraph) -> dict[str, str]:
    return {
        "HELPLINE_WHATSAPP_TOKEN": TOKEN,
        "HELPLINE_WHATSAPP_APP_SECRET": APP_SECRET,
        "HELPLINE_WHATSAPP_VERIFY_TOKEN": "faults-verify",
        "HELPLINE_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "HELPLINE_WHATSAPP_API_BASE_URL": graph.url,
    }
