"""A local Graph API for the load benchmark: answers every send at once, counts them and notes when
each arrived and for whom (``GET /log``: ``[[monotonic seconds, to], ...]``; CLOCK_MONOTONIC is one
clock for every process on the machine, so the load generator can match replies to its posts).

python bench/load/fake_graph.py PORT
"""

from __future__ import annotations

import itertools
import sys
import time

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

_ids = itertools.count(1)
sent = {"count": 0}
arrivals: list[tuple[float, str]] = []


async def send(request: Request) -> JSONResponse:
    body = await request.json()
    sent["count"] += 1
    arrivals.append((time.monotonic(), str(body.get("to"))))
    return JSONResponse(
        {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
            "messages": [{"id": f"wamid.BENCH{next(_ids):08d}"}],
        }
    )


async def count(_: Request) -> PlainTextResponse:
    return PlainTextResponse(str(sent["count"]))


async def log(_: Request) -> JSONResponse:
    return JSONResponse(arrivals)


app = Starlette(
    routes=[Route("/{phone}/messages", send, methods=["POST"]), Route("/count", count), Route("/log", log)]
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
