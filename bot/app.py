"""The FastAPI application: one process serves the channels, the web chat, the console and insights."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from bot.channels.telegram.webhook import router as telegram_router
from bot.channels.webchat.routes import router as webchat_router
from bot.channels.whatsapp.webhook import router as whatsapp_router
from bot.edge import EdgeMiddleware
from bot.http_errors import install_error_handlers
from bot.services import Services, build_services
from bot.settings import Settings, load_settings
from bot.storage.db import ping
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

    app = FastAPI(title="Safe-migration helpline", version="0.1.0", lifespan=lifespan)
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(EdgeMiddleware)
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

    @app.get("/metrics", tags=["ops"])
    async def metrics(request: Request) -> Response:
        services: Services = request.app.state.services
        return Response(generate_latest(services.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    return app
