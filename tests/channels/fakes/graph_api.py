"""A local WhatsApp Cloud API (Graph API) server: POST /<phone-number-id>/messages as Meta documents
it (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages). Records every send;
can answer 429 / 500 / 400 with Meta's error object."""

from __future__ import annotations

import itertools
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from fakes.recorder import Failure, Recorder

TOKEN = "EAAG-test-access-token"
PHONE_NUMBER_ID = "106540352242922"
SEND = "messages"


def graph_error(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> Failure:
    body = {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"}}
    return Failure(status, body, headers or {})


def rate_limited() -> Failure:
    return graph_error(429, 130429, "(#130429) Rate limit hit", {"Retry-After": "1"})


def server_error() -> Failure:
    return graph_error(500, 1, "An unknown error occurred")


def bad_request() -> Failure:
    return graph_error(400, 100, "(#100) Invalid parameter")


class FakeGraphApi(Recorder):
    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1)
        self.app = Starlette(routes=[Route("/{phone_number_id}/messages", self._send, methods=["POST"])])

    async def _send(self, request: Request) -> JSONResponse:
        if request.headers.get("authorization") != f"Bearer {TOKEN}":
            return JSONResponse(graph_error(401, 190, "Invalid OAuth access token").body, 401)
        if request.path_params["phone_number_id"] != PHONE_NUMBER_ID:
            return JSONResponse(bad_request().body, 400)
        body: dict[str, Any] = await request.json()
        await self.record(SEND, body)
        failure = self.take_failure(SEND)
        if failure is not None:
            return JSONResponse(failure.body, failure.status, headers=failure.headers)
        wamid = f"wamid.SENT{next(self._ids):06d}"
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [{"id": wamid}],
            }
        )
