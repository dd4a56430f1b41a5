"""One real app per fuzz module (SQLite, both push channels configured), driven synchronously (an event
loop in a thread, httpx over ASGI) so Hypothesis can call it from plain functions. The channels' platform servers
are the channel tests' local fakes, served by uvicorn in a thread on 127.0.0.1."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr
from starlette.types import ASGIApp

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "channels"))

from fakes import bot_api as fake_bot
from fakes import graph_api as fake_graph

from bot.app import create_app
from bot.settings import load_settings

TELEGRAM_SECRET = "fuzz-telegram-secret-0123456789"
APP_SECRET = "fuzz-meta-app-secret-abcdef"


def meta_signature(body: bytes) -> str:
    return "sha256=" + hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()


class ThreadServer:
    """uvicorn on 127.0.0.1:<free port> in a daemon thread with its own event loop."""

    def __init__(self, app: ASGIApp) -> None:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.sock = sock
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve([sock])), daemon=True)

    def __enter__(self) -> ThreadServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "fake server did not start"
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(5)


class SyncClient:
    """The app's lifespan and requests run on one event loop in a thread; calls block until answered."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.lifespan = app.router.lifespan_context(app)
        self.client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://testserver"
        )

    def _call(self, coroutine, timeout: float = 120.0):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def __enter__(self) -> SyncClient:
        self.thread.start()
        self._call(self.lifespan.__aenter__())
        return self

    def __exit__(self, *exc: object) -> None:
        self._call(self.client.aclose())
        self._call(self.lifespan.__aexit__(None, None, None))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:  # type: ignore[no-untyped-def]
        return self._call(self.client.request(method, url, **kwargs), timeout=60)  # type: ignore[no-any-return]

    def get(self, url: str, **kwargs) -> httpx.Response:  # type: ignore[no-untyped-def]
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:  # type: ignore[no-untyped-def]
        return self.request("POST", url, **kwargs)


@contextmanager
def fuzz_client(data_dir: Path, nlu_model_dir: Path) -> Iterator[SyncClient]:
    bot, graph = fake_bot.FakeBotApi(), fake_graph.FakeGraphApi()
    with ThreadServer(bot.app) as bot_server, ThreadServer(graph.app) as graph_server:
        settings = load_settings(
            data_dir=data_dir,
            nlu_model_dir=nlu_model_dir,
            secret_key="f" * 40,
            telegram_token=fake_bot.TOKEN,
            telegram_webhook_secret=TELEGRAM_SECRET,
            telegram_api_base_url=f"{bot_server.url}/bot",
            whatsapp_token=fake_graph.TOKEN,
            whatsapp_app_secret=APP_SECRET,
            whatsapp_verify_token="fuzz-verify",
            whatsapp_phone_number_id=fake_graph.PHONE_NUMBER_ID,
            whatsapp_api_base_url=graph_server.url,
        )
        assert isinstance(settings.telegram_token, SecretStr)
        app = create_app(settings, migrate=True)
        with SyncClient(app) as client:
            yield client
