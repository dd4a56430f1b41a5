"""JSON error answers shared by every route: a user mistake gets a clear 4xx, never a 500 or a traceback."""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any, TypeVar

from fastapi import FastAPI, Form, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

MAX_BODY_BYTES = 64 * 1024

# Primary keys are 32-bit INTEGER columns on PostgreSQL: ids and cursors are bounded at the edge, so
# a huge number is a clean 422 instead of a driver overflow deep in a query.
MAX_ROW_ID = 2**31 - 1
RowIdPath = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
RowIdForm = Annotated[int, Form(ge=1, le=MAX_ROW_ID)]
CursorQuery = Annotated[int, Query(ge=0, le=MAX_ROW_ID)]


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def read_json_model(request: Request, model: type[M], *, max_bytes: int = MAX_BODY_BYTES) -> M:
    """Parse a JSON body strictly: size, UTF-8, JSON syntax, then the pydantic model."""
    body = await request.body()
    if not body:
        raise ApiError(400, "empty body: send a JSON object")
    if len(body) > max_bytes:
        raise ApiError(413, f"body too large: at most {max_bytes} bytes")
    try:
        data: Any = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "body is not valid UTF-8") from None
    except (json.JSONDecodeError, RecursionError):
        raise ApiError(400, "body is not valid JSON") from None
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise ApiError(422, _first_problem(err)) from None


def _first_problem(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "body"
    return f"{where}: {first['msg'].removeprefix('Value error, ')}"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"]) or "request"
        return error_response(422, f"{where}: {first['msg']}")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(OperationalError)
    @app.exception_handler(DBAPIError)
    async def _storage_down(_: Request, exc: Exception) -> JSONResponse:
        # Storage unavailable: 503 so platforms retry; nothing was acknowledged.
        log.error("storage unavailable", extra={"error": type(exc).__name__})
        return error_response(503, "storage unavailable, try again shortly")
