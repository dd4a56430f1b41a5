"""A local Telegram Bot API server: the shapes of https://core.telegram.org/bots/api, just enough for
python-telegram-bot to talk to it over real HTTP. Records every call; can answer 429/403/500."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from fakes.recorder import Failure, Recorder

TOKEN = "123456:TEST-token-for-the-fake-bot-api"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Helpline",
    "username": "helpline_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


def flood(retry_after: int = 1) -> Failure:
    return Failure(
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        },
    )


def blocked() -> Failure:
    return Failure(
        403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}
    )


def server_error() -> Failure:
    return Failure(500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})


class FakeBotApi(Recorder):
    def __init__(self) -> None:
        super().__init__()
        self.updates: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._message_ids = itertools.count(1000)
        self.app = Starlette(routes=[Route("/bot{token}/{method}", self._handle, methods=["GET", "POST"])])

    async def _params(self, request: Request) -> dict[str, Any]:
        # python-telegram-bot posts form fields; nested values (reply_markup) are JSON strings.
        if request.headers.get("content-type", "").startswith("application/json"):
            return dict(await request.json())
        form = await request.form()
        params: dict[str, Any] = {}
        for key, value in form.items():
            text = str(value)
            params[key] = json.loads(text) if text[:1] in "[{" else text
        return params

    async def _handle(self, request: Request) -> JSONResponse:
        if request.path_params["token"] != TOKEN:
            return JSONResponse({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        method = request.path_params["method"]
        params = await self._params(request)
        await self.record(method, params)
        failure = self.take_failure(method)
        if failure is not None:
            return JSONResponse(failure.body, failure.status, headers=failure.headers)
        return JSONResponse({"ok": True, "result": await self._result(method, params)})

    async def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group", "title": "x"},
                "from": BOT_USER,
                "text": params.get("text", ""),
            }
        if method == "getUpdates":
            return await self._updates(params)
        return True  # answerCallbackQuery, setWebhook, deleteWebhook

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        batch: list[dict[str, Any]] = []
        try:
            batch.append(await asyncio.wait_for(self.updates.get(), timeout=0.2))
        except TimeoutError:
            return []
        while not self.updates.empty():
            batch.append(self.updates.get_nowait())
        offset = int(params.get("offset") or 0)
        return [u for u in batch if u["update_id"] >= offset]
