"""``GET|POST /webhooks/whatsapp``: the verification handshake and signed deliveries."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from pydantic import ValidationError

from bot.channels.whatsapp.payloads import WebhookBody
from bot.http_errors import ApiError

router = APIRouter(tags=["whatsapp"])

SIGNATURE_HEADER = "X-Hub-Signature-256"
MAX_DELIVERY_BYTES = 3 * 1024 * 1024


def _channel(request: Request) -> Any:
    channel = request.app.state.services.extras.get("whatsapp")
    if channel is None:
        raise ApiError(404, "the whatsapp channel is not enabled")
    return channel


@router.get("/webhooks/whatsapp")
async def whatsapp_verify(request: Request) -> PlainTextResponse:
    """Meta's subscription check: echo hub.challenge when hub.verify_token is ours."""
    channel = _channel(request)
    params = request.query_params
    if params.get("hub.mode") != "subscribe" or not channel.verify_token_matches(
        params.get("hub.verify_token")
    ):
        raise ApiError(403, "verification failed")
    return PlainTextResponse(params.get("hub.challenge", ""))


@router.post("/webhooks/whatsapp")
async def whatsapp_webhook(request: Request) -> JSONResponse:
    """401 on a bad signature (nothing stored); 200 once every message is stored; 503 if storage is down."""
    channel = _channel(request)
    raw = await request.body()
    if len(raw) > MAX_DELIVERY_BYTES:
        raise ApiError(413, "delivery too large")
    if not channel.signature_matches(raw, request.headers.get(SIGNATURE_HEADER)):
        raise ApiError(401, "bad signature")
    try:
        body = WebhookBody.model_validate(json.loads(raw))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ApiError(400, "body is not valid JSON") from None
    except ValidationError as err:
        first = err.errors()[0]
        raise ApiError(422, f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
    try:
        await channel.handle(channel.read(body))
    except OSError:  # database unreachable (refused connection): not acknowledged, Meta retries
        raise ApiError(503, "storage unavailable, try again shortly") from None
    return JSONResponse({"ok": True})
