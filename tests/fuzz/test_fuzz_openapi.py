"""Schemathesis over the app's own OpenAPI schema, through ASGI: schema-valid and schema-violating
requests to every documented operation. No 5xx anywhere."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fuzz_app import SyncClient
from hypothesis import given, settings
from hypothesis import strategies as st
from schemathesis.core import NOT_SET
from schemathesis.generation.modes import GenerationMode


@pytest.fixture(scope="module")
def schema(http: SyncClient) -> Any:
    loaded = schemathesis.openapi.from_dict(http.app.openapi())  # type: ignore[attr-defined]
    operations = [op.ok() for op in loaded.get_all_operations()]
    paths = {op.path for op in operations}
    assert {"/chat/messages", "/webhooks/telegram", "/webhooks/whatsapp", "/healthz"} <= paths, paths
    return loaded


def test_huge_cursor_is_a_clean_422(http: SyncClient) -> None:
    response = http.get("/chat/messages", params={"user": "cursor-test-01", "after": 2**63})
    assert response.status_code == 422, response.status_code


def send(http: SyncClient, case: Any) -> Any:
    kwargs: dict[str, Any] = {
        "params": case.query or None,
        "headers": {str(k): str(v) for k, v in (case.headers or {}).items()} or None,
        "cookies": case.cookies or None,
    }
    if case.body is not NOT_SET:
        if case.media_type and "json" not in case.media_type and isinstance(case.body, (bytes, str)):
            kwargs["content"] = case.body
            kwargs["headers"] = {**(kwargs["headers"] or {}), "Content-Type": case.media_type}
        else:
            kwargs["json"] = case.body
    return http.request(case.method, case.formatted_path, **kwargs)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_operation_answers_5xx(http: SyncClient, schema: Any, mode: GenerationMode) -> None:
    seen: set[str] = set()

    @settings(settings.get_profile("fuzz"), max_examples=100)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        case = data.draw(schema.as_strategy(generation_mode=mode))
        response = send(http, case)
        seen.add(f"{case.method} {case.path}")
        assert response.status_code < 500, (
            case.method,
            case.formatted_path,
            response.status_code,
            response.text,
        )

    run()
    assert len(seen) >= 3, seen
