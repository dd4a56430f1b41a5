"""The edges (issue 22, part 7): operator endpoints closed by default, forwarded headers only from a
trusted proxy, HSTS in production over https, no 500 for a hostile static path, JSON or form bodies
only, and the uvicorn limits `helpline run` starts with (a real server on a local port)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request
from pydantic import SecretStr
from security_helpers import (
    TELEGRAM_SECRET,
    add_staff,
    log_in,
    meta_signature,
    post_telegram,
    post_whatsapp,
    raw,
    stored,
    tg_text,
    wa_text,
)

from bot.app import create_app
from bot.edge import DeadlineH11Protocol, server_options
from bot.settings import Settings, SettingsError, load_settings
from handoff.auth import COOKIE_NAME

OPS_PATHS = ("/metrics", "/docs", "/openapi.json")
PROXY = "172.30.80.1"  # the compose network's gateway, as docker-compose.yml trusts it


async def serve(
    settings: Settings, *, peer: tuple[str, int], base_url: str
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, migrate=True)
    async with app.router.lifespan_context(app):
        app_transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=peer)
        async with httpx.AsyncClient(transport=app_transport, base_url=base_url) as http:
            http.app = app  # type: ignore[attr-defined]
            yield http


@pytest.fixture
async def behind_proxy(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app as the shipped compose runs it: production, trusting the gateway, reached from it."""
    configured = settings.model_copy(update={"environment": "production", "trusted_proxies": PROXY})
    async for http in serve(configured, peer=(PROXY, 40000), base_url="http://helpline.internal"):
        yield http


@pytest.fixture
async def from_elsewhere(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The same app reached directly by some other host on the network."""
    configured = settings.model_copy(update={"environment": "production", "trusted_proxies": PROXY})
    async for http in serve(configured, peer=("172.30.80.7", 40000), base_url="http://helpline.internal"):
        yield http


# --- /metrics, /docs, /openapi.json -------------------------------------------------------------


async def test_ops_endpoints_are_refused_by_default(app: FastAPI, client: httpx.AsyncClient) -> None:
    assert app.state.settings.ops_public is False
    for path in OPS_PATHS:
        response = await client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert "helpline_" not in response.text and "openapi" not in response.text


async def test_ops_endpoints_refused_to_an_agent_and_served_to_a_supervisor(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_staff(app, "ana", "agent")
    await add_staff(app, "sari", "supervisor")
    assert (await log_in(client, "ana")).status_code == 303
    for path in OPS_PATHS:
        assert (await client.get(path)).status_code == 404, path
    assert (await log_in(client, "sari")).status_code == 303
    assert "helpline_queue_depth" in (await client.get("/metrics")).text
    assert "/chat/messages" in (await client.get("/openapi.json")).json()["paths"]
    assert "swagger" in (await client.get("/docs")).text.lower()


@pytest.mark.parametrize("overrides", [{"ops_public": True}], indirect=True)
async def test_ops_endpoints_served_to_anyone_when_the_setting_allows(client: httpx.AsyncClient) -> None:
    assert "helpline_queue_depth" in (await client.get("/metrics")).text
    assert "/webhooks/telegram" in (await client.get("/openapi.json")).json()["paths"]
    assert (await client.get("/docs")).status_code == 200


@pytest.mark.parametrize(
    "overrides", [{"metrics_token": SecretStr("scrape-TOKEN-0123456789")}], indirect=True
)
async def test_a_scraper_with_the_token_reads_metrics_only(client: httpx.AsyncClient) -> None:
    good = {"Authorization": "Bearer scrape-TOKEN-0123456789"}
    assert (await client.get("/metrics", headers=good)).status_code == 200
    assert (await client.get("/metrics", headers={"Authorization": "Bearer wrong"})).status_code == 404
    assert (await client.get("/openapi.json", headers=good)).status_code == 404


def test_the_ops_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPLINE_OPS_PUBLIC", "true")
    assert load_settings().ops_public is True
    monkeypatch.setenv("HELPLINE_OPS_PUBLIC", "perhaps")
    with pytest.raises(SettingsError, match="HELPLINE_OPS_PUBLIC"):
        load_settings()


# --- forwarded headers -----------------------------------------------------------------------------


async def test_forwarded_headers_from_the_trusted_proxy_are_honoured(behind_proxy: httpx.AsyncClient) -> None:
    app: FastAPI = behind_proxy.app  # type: ignore[attr-defined]
    await add_staff(app, "ana", "agent")
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    page = await behind_proxy.get("/console/login", headers=forwarded)
    assert "secure" in page.headers["set-cookie"].lower()
    assert page.headers["strict-transport-security"].startswith("max-age=")
    seen = await client_address_seen(app, behind_proxy, forwarded)
    assert seen == "203.0.113.9"


async def test_forwarded_headers_from_anyone_else_are_ignored(from_elsewhere: httpx.AsyncClient) -> None:
    app: FastAPI = from_elsewhere.app  # type: ignore[attr-defined]
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    page = await from_elsewhere.get("/console/login", headers=forwarded)
    assert "secure" not in page.headers["set-cookie"].lower()
    assert "strict-transport-security" not in page.headers
    assert await client_address_seen(app, from_elsewhere, forwarded) == "172.30.80.7"


async def test_each_client_behind_the_proxy_is_seen_at_its_own_address(
    behind_proxy: httpx.AsyncClient,
) -> None:
    """The address is what the login throttle counts per client: one bucket each, not the proxy's."""
    app: FastAPI = behind_proxy.app  # type: ignore[attr-defined]
    await add_staff(app, "ana", "agent")
    attacker = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.66"}
    colleague = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.20"}
    addresses = []
    for headers in (attacker, colleague):
        addresses.append(await client_address_seen(app, behind_proxy, headers))
    assert addresses == ["198.51.100.66", "203.0.113.20"]


async def client_address_seen(app: FastAPI, http: httpx.AsyncClient, headers: dict[str, str]) -> str:
    """What the app takes as the client's address, read through a probe route added for the test."""
    if not any(getattr(r, "path", None) == "/_test/peer" for r in app.router.routes):

        @app.get("/_test/peer")
        async def peer(request: Request) -> dict[str, str]:
            return {"host": request.client.host if request.client else ""}

    response = await http.get("/_test/peer", headers=headers)
    assert response.status_code == 200, response.text
    return str(response.json()["host"])


def test_a_malformed_proxy_list_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPLINE_TRUSTED_PROXIES", "10.0.0.1, the-proxy")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "HELPLINE_TRUSTED_PROXIES" in str(caught.value) and "\n" not in str(caught.value)
    monkeypatch.setenv("HELPLINE_TRUSTED_PROXIES", " 10.0.0.1 , 172.30.80.0/24 ")
    assert load_settings().trusted_proxy_list == ["10.0.0.1", "172.30.80.0/24"]


# --- HSTS ------------------------------------------------------------------------------------------


async def test_hsts_in_production_over_https_only(settings: Settings) -> None:
    production = settings.model_copy(update={"environment": "production"})
    async for http in serve(production, peer=("127.0.0.1", 40000), base_url="https://helpline.example"):
        assert (await http.get("/chat")).headers["strict-transport-security"] == "max-age=31536000"
        assert "strict-transport-security" in (await http.get("/nowhere")).headers  # errors too
    async for http in serve(production, peer=("127.0.0.1", 40000), base_url="http://helpline.example"):
        assert "strict-transport-security" not in (await http.get("/chat")).headers
    async for http in serve(settings, peer=("127.0.0.1", 40000), base_url="https://helpline.example"):
        assert settings.environment == "development"
        assert "strict-transport-security" not in (await http.get("/chat")).headers


# --- static files ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/chat/static/%00",
        "/chat/static/chat.js%00",
        "/chat/static/%2e%2e",
        "/chat/static/..%2fchat.html",
        "/chat/static/.hidden",
        "/chat/static/" + "a" * 300,
        "/chat/static/%ff%fe",
    ],
)
async def test_a_hostile_static_path_is_a_clean_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404, (path, response.status_code, response.text[:200])
    assert response.json()["error"].lower() == "not found"


async def test_static_files_still_served(client: httpx.AsyncClient) -> None:
    assert (await client.get("/chat/static/chat.js")).status_code == 200
    assert (await client.get("/chat/static/chat.css")).status_code == 200


# --- content types ---------------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", ["text/plain", "text/plain;charset=UTF-8", None, "application/xml"])
async def test_a_chat_post_that_is_not_json_is_refused_and_nothing_stored(
    app: FastAPI, client: httpx.AsyncClient, content_type: str | None
) -> None:
    before = await stored(app)
    body = b'{"user": "cross-site-user-01", "button": "emergency"}'
    headers = {"Content-Type": content_type} if content_type else {}
    response = await client.post("/chat/messages", content=body, headers=headers)
    assert response.status_code == 415, response.text
    assert "application/json" in response.json()["error"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert await stored(app) == before


async def test_json_chat_posts_and_form_logins_still_work(app: FastAPI, client: httpx.AsyncClient) -> None:
    body = b'{"user": "json-user-000001", "text": "halo"}'
    response = await client.post(
        "/chat/messages", content=body, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    assert response.status_code == 200, response.text
    await add_staff(app, "ana", "agent")
    assert (await log_in(client, "ana")).status_code == 303  # application/x-www-form-urlencoded
    assert COOKIE_NAME in client.cookies


async def test_a_text_plain_login_form_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/console/login", content=b"name=ana&password=x", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415


async def test_webhooks_keep_accepting_what_the_platforms_send(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    before = await stored(app)
    assert (await post_telegram(client, raw(tg_text("halo")), TELEGRAM_SECRET)).status_code == 200
    body = raw(wa_text("halo"))
    assert (await post_whatsapp(client, body, meta_signature(body))).status_code == 200
    after = await stored(app)
    assert after["deliveries"] == before["deliveries"] + 2
    refused = await client.post(
        "/webhooks/telegram",
        content=raw(tg_text("halo")),
        headers={"Content-Type": "text/plain", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    assert refused.status_code == 415
    # Sent with no type at all, a signed webhook is still read (its signature is the check).
    untyped = raw(wa_text("halo lagi"))
    headers = {"X-Hub-Signature-256": meta_signature(untyped)}
    assert (await client.post("/webhooks/whatsapp", content=untyped, headers=headers)).status_code == 200


async def test_a_bodyless_post_needs_no_content_type(client: httpx.AsyncClient) -> None:
    # Logging out or claiming from a plain button sends no body: the route decides (here: 401 or 403).
    response = await client.post("/console/logout")
    assert response.status_code in (401, 403)


# --- uvicorn ---------------------------------------------------------------------------------------


def test_server_options_carry_the_limits() -> None:
    settings = load_settings(max_header_bytes=8192, keepalive_timeout_seconds=7)
    options = server_options(settings, host="0.0.0.0", port=8123, workers=3)
    assert options["http"] is DeadlineH11Protocol
    assert options["h11_max_incomplete_event_size"] == 8192
    assert options["timeout_keep_alive"] == 7
    assert options["proxy_headers"] is False  # the app applies HELPLINE_TRUSTED_PROXIES itself
    assert (options["host"], options["port"], options["workers"]) == ("0.0.0.0", 8123, 3)
    config = uvicorn.Config("bot.asgi:app", **options)  # every option is one uvicorn knows
    assert config.h11_max_incomplete_event_size == 8192
    assert config.timeout_keep_alive == 7
    assert config.server_header is False


def test_the_run_command_passes_the_options(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from bot import cli

    seen: dict[str, Any] = {}
    monkeypatch.setattr("bot.observability.configure_logging", lambda level: None)
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: seen.update(app=app, **kwargs))
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HELPLINE_MAX_HEADER_BYTES", "4096")
    result = CliRunner().invoke(cli.app, ["run", "--port", "8199"])
    assert result.exit_code == 0, result.output
    assert seen["app"] == "bot.asgi:app"
    assert seen["http"] is DeadlineH11Protocol and seen["h11_max_incomplete_event_size"] == 4096
    assert seen["port"] == 8199


class QuickDeadline(DeadlineH11Protocol):
    request_timeout = 0.5


async def tiny_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    while True:  # read the whole body first, as the webhook and chat routes do
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def live_server() -> Iterator[int]:
    """uvicorn on a free local port with `helpline run`'s options (and a 0.5 s request deadline)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    options = server_options(load_settings(max_header_bytes=4096), host="127.0.0.1", port=port, workers=1)
    options.pop("workers")
    server = uvicorn.Server(uvicorn.Config(tiny_app, **{**options, "http": QuickDeadline, "lifespan": "off"}))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield port
    server.should_exit = True
    thread.join(10)


async def read_until_closed(reader: asyncio.StreamReader, within: float) -> bytes:
    return await asyncio.wait_for(reader.read(), within)


async def test_the_server_refuses_oversized_headers(live_server: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{live_server}") as http:
        assert (await http.get("/")).status_code == 200
        huge = await http.get("/", headers={"X-Padding": "a" * 8192})
        assert huge.status_code == 431
        assert (await http.get("/", headers={"X-Padding": "a" * 3000})).status_code == 200
    # Trickled in pieces, the head is cut off once it passes the limit, long before the deadline.
    reader, writer = await asyncio.open_connection("127.0.0.1", live_server)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")
    for _ in range(5):
        writer.write(b"X-Padding: " + b"a" * 1000 + b"\r\n")
    await writer.drain()
    assert (await read_until_closed(reader, within=5)).startswith(b"HTTP/1.1 431")
    writer.close()


async def test_the_server_cuts_off_a_slow_client(live_server: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", live_server)
    started = time.monotonic()
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n")  # and then nothing: the head never ends
    await writer.drain()
    assert await read_until_closed(reader, within=5) == b""
    assert time.monotonic() - started < 3
    writer.close()
    # A client that sends its request at once is unaffected.
    reader, writer = await asyncio.open_connection("127.0.0.1", live_server)
    writer.write(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    await writer.drain()
    answer = await read_until_closed(reader, within=5)
    assert answer.startswith(b"HTTP/1.1 200") and b"\r\nok\r\n" in answer
    writer.close()


async def test_the_server_cuts_off_a_trickled_body(live_server: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", live_server)
    writer.write(
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
    )
    await writer.drain()
    started = time.monotonic()
    closed = asyncio.create_task(read_until_closed(reader, within=5))
    for _ in range(8):  # a byte every 0.2 s keeps the connection busy but never finishes
        await asyncio.sleep(0.2)
        if closed.done():
            break
        writer.write(b" ")
        await writer.drain()
    await closed
    assert time.monotonic() - started < 3
    writer.close()
