"""The FastAPI application: one process serves the channels, the web chat, the console and insights."""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.channels.telegram.webhook import router as telegram_router
from bot.channels.webchat.routes import router as webchat_router
from bot.channels.whatsapp.webhook import router as whatsapp_router
from bot.edge import EdgeMiddleware
from bot.http_errors import ApiError, install_error_handlers
from bot.services import Services, build_services
from bot.settings import Settings, load_settings
from bot.storage.db import ping
from handoff.auth import SUPERVISING_ROLES, optional_staff
from handoff.console.web import console_router
from insights.dashboard import router as insights_router

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, migrate: bool | None = None) -> FastAPI:
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = await build_services(settings, migrate=migrate)
        app.state.services = services
        try:
            yield
        finally:
            await services.aclose()

    # /docs and /openapi.json are mounted below, behind the same check as /metrics.
    app = FastAPI(
        title="Safe-migration helpline",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    install_error_handlers(app)
    hsts = settings.hsts_seconds if settings.environment == "production" else 0
    app.add_middleware(EdgeMiddleware, hsts_seconds=hsts)
    # Outermost: the client's address and scheme, from X-Forwarded-* of a trusted proxy only.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)
    app.include_router(webchat_router)
    app.include_router(telegram_router)
    app.include_router(whatsapp_router)
    app.include_router(console_router)
    app.include_router(insights_router)

    @app.get("/healthz", tags=["ops"])
    async def healthz(request: Request) -> JSONResponse:
        """Checks the database and the queue; 503 when either is down."""
        services: Services = request.app.state.services
        checks: dict[str, str] = {}
        try:
            await ping(services.db)
            checks["database"] = "ok"
        except Exception as err:  # any failure means unhealthy; the reason is for operators
            checks["database"] = f"down: {type(err).__name__}"
        queue = services.extras.get("queue")
        if queue is not None and hasattr(queue, "ping"):
            try:
                await queue.ping()
                checks["queue"] = "ok"
            except Exception as err:
                checks["queue"] = f"down: {type(err).__name__}"
        else:
            checks["queue"] = "ok (in-process)"
        healthy = all(v.startswith("ok") for v in checks.values())
        return JSONResponse(
            {"status": "ok" if healthy else "unhealthy", **checks}, status_code=200 if healthy else 503
        )

    @app.get("/metrics", tags=["ops"], dependencies=[Depends(ops_access)])
    async def metrics(request: Request) -> Response:
        """Prometheus metrics; see ``ops_access`` for who may read them."""
        services: Services = request.app.state.services
        return Response(generate_latest(services.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(ops_access)])
    async def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())

    async def docs(request: Request) -> HTMLResponse:
        await ops_access(request)
        return get_swagger_ui_html(openapi_url="/openapi.json", title=f"{app.title} - API")

    app.add_route("/docs", docs, include_in_schema=False)

    return app


async def ops_access(request: Request) -> None:
    """/metrics, /docs and /openapi.json (live queue figures, every route): open with HELPLINE_OPS_PUBLIC,
    else to a logged-in supervisor or admin, and /metrics to a scraper with HELPLINE_METRICS_TOKEN.
    Anyone else is told there is nothing here."""
    settings: Settings = request.app.state.settings
    if settings.ops_public:
        return
    token = settings.metrics_token.get_secret_value()
    sent = request.headers.get("authorization", "")
    if (
        token
        and request.url.path == "/metrics"
        and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    ):
        return
    staff = await optional_staff(request)
    if staff is None or staff.role not in SUPERVISING_ROLES:
        raise ApiError(404, "not found")
