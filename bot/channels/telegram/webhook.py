"""``POST /webhooks/telegram``: check the secret header, then hand the update to the channel."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bot.channels.telegram.updates import classify
from bot.http_errors import ApiError

router = APIRouter(tags=["telegram"])

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
MAX_UPDATE_BYTES = 1024 * 1024


@router.post("/webhooks/telegram")
async def telegram_webhook(request: Request) -> JSONResponse:
    """200 only after the update is stored; 403 without the right secret; 503 when storage is down."""
    channel = request.app.state.services.extras.get("telegram")
    if channel is None:
        raise ApiError(404, "the telegram channel is not enabled")
    if not channel.secret_matches(request.headers.get(SECRET_HEADER)):
        raise ApiError(403, "wrong or missing secret token")
    body = await request.body()
    if len(body) > MAX_UPDATE_BYTES:
        raise ApiError(413, "update too large")
    try:
        data: Any = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ApiError(400, "body is not valid JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        raise ApiError(400, "not a Telegram update: update_id missing")
    try:
        # PTB accepts some malformed updates (a message without a chat); classify() then trips on them.
        event = classify(channel.parse_update(data))
    except (TypeError, ValueError, KeyError, AttributeError):
        raise ApiError(400, "not a Telegram update: fields of the wrong shape") from None
    try:
        await channel.handle_event(event)
    except OSError:  # database unreachable (refused connection): not acknowledged, Telegram retries
        raise ApiError(503, "storage unavailable, try again shortly") from None
    return JSONResponse({"ok": True})
