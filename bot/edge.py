"""The edge, between a client and the routes: security headers (HSTS in production over https) on
every answer, a hard cap on body size, JSON or form bodies only, and the uvicorn options of
`helpline run` (header size limit, slow-client deadline).

Pure ASGI (not BaseHTTPMiddleware) so server-sent event streams pass through untouched and the hot
webhook path pays almost nothing.
"""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from typing import Any

import h11
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.settings import Settings, load_settings

SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"media-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        b"form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]

MAX_REQUEST_BYTES = 1024 * 1024  # no route needs more; webhooks and forms are far smaller

# What a body may be. Anything else (text/plain above all: a cross-site form or fetch can send it
# without a preflight) is refused before a route reads it. Telegram and Meta send application/json.
BODY_TYPES = frozenset({"application/json", "application/x-www-form-urlencoded", "multipart/form-data"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SIGNED_PATHS = ("/webhooks/",)  # verified by the platform's secret or signature before anything is read
DEFAULT_MAX_HEAD_BYTES = 16 * 1024  # h11's own default, and HELPLINE_MAX_HEADER_BYTES's


class EdgeMiddleware:
    def __init__(
        self, app: ASGIApp, max_request_bytes: int = MAX_REQUEST_BYTES, hsts_seconds: int = 0
    ) -> None:
        self.app = app
        self.max_request_bytes = max_request_bytes
        self.hsts = (
            (b"strict-transport-security", f"max-age={hsts_seconds}".encode()) if hsts_seconds else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # scope["scheme"] is already the client's when a trusted proxy said so (ProxyHeadersMiddleware).
        headers = SECURITY_HEADERS
        if self.hsts is not None and scope.get("scheme") == "https":
            headers = [*SECURITY_HEADERS, self.hsts]
        declared = _content_length(scope)
        if declared is not None and declared > self.max_request_bytes:
            await _too_large(send, self.max_request_bytes, headers)
            return
        if scope["method"] in BODY_METHODS and _has_body(scope, declared) and not _accepted_type(scope):
            message = "unsupported content type: send application/json or a form"
            await _refuse(send, 415, message, headers)
            return

        received = 0
        answered = False  # set once we sent the 413 ourselves: the app's own answer is dropped

        async def capped_receive() -> Message:
            nonlocal received, answered
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_request_bytes:
                    # Answer 413 now and tell the app the client went away. Raising instead would
                    # be swallowed by form parsing and come out as a misleading 422.
                    if not answered:
                        answered = True
                        await _too_large(send, self.max_request_bytes, headers)
                    return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message: Message) -> None:
            if answered:
                return
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in headers if k not in existing]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, capped_receive, send_with_headers)
        except Exception:
            if not answered:
                raise  # a real error: let the server log it and answer 500


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _has_body(scope: Scope, declared: int | None) -> bool:
    return bool(declared) or any(key == b"transfer-encoding" for key, _ in scope.get("headers", []))


def _accepted_type(scope: Scope) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"content-type":
            media_type = value.decode("latin-1").split(";", 1)[0].strip().lower()
            return media_type in BODY_TYPES
    # No type at all: a browser can send that cross-site too, so only a signed webhook may omit it.
    return str(scope.get("path", "")).startswith(SIGNED_PATHS)


async def _too_large(send: Send, limit: int, headers: list[tuple[bytes, bytes]]) -> None:
    await _refuse(send, 413, f"request body too large: at most {limit} bytes", headers)


async def _refuse(send: Send, status: int, message: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *headers],
        }
    )
    await send({"type": "http.response.body", "body": body})


# --- the server: options `helpline run` gives uvicorn --------------------------------------------


class DeadlineH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline per request: a client that opens a connection or a
    request and then trickles bytes (slowloris) is cut off instead of holding a connection forever.

    The clock starts when the connection opens or a new request's first bytes arrive, and stops once
    h11 has the whole request; the app's own time (and a long event stream) does not count. The
    request line plus headers are also held to ``h11_max_incomplete_event_size`` even when they
    arrive in one piece (h11 itself only bounds what it buffers while waiting): larger is a 431.
    """

    request_timeout: float | None = None  # None: HELPLINE_REQUEST_TIMEOUT_SECONDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._timeout = self.request_timeout or _configured_request_timeout()
        self._max_head = self.config.h11_max_incomplete_event_size or DEFAULT_MAX_HEAD_BYTES
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._arm()  # a new request begins (or the first one continues)
            if self._head_too_large(data):
                self._refuse_head()
                return
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()  # the whole request is in

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _head_too_large(self, data: bytes) -> bool:
        pending = self.conn.trailing_data[0]
        buffered = pending + data if pending else data
        end = buffered.find(b"\r\n\r\n")
        return (end if end >= 0 else len(buffered)) > self._max_head

    def _refuse_head(self) -> None:
        self._disarm()
        body = b"request headers too large"
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(body), body)
        )
        self.transport.close()

    def _arm(self) -> None:
        if self._deadline is None:
            self._deadline = self.loop.call_later(self._timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing():
            self.transport.close()  # the app, if it started, sees the client go away


@lru_cache(maxsize=1)
def _configured_request_timeout() -> float:
    # Worker processes start from the environment, as the app itself does (bot/asgi.py).
    return load_settings().request_timeout_seconds


def server_options(settings: Settings, *, host: str, port: int, workers: int) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``: limits a hostile client cannot talk its way around."""
    return {
        "host": host,
        "port": port,
        "workers": workers,
        # h11, not httptools: h11 bounds the request line plus headers (httptools accepts any size).
        "http": DeadlineH11Protocol,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        "timeout_keep_alive": settings.keepalive_timeout_seconds,
        # The app honours X-Forwarded-* itself, from HELPLINE_TRUSTED_PROXIES only (bot/app.py).
        "proxy_headers": False,
        "server_header": False,
        "log_config": None,
        "access_log": False,
    }
