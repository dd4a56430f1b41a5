"""Security headers on every HTML page (found by walking the app's GET routes), and on error answers."""

from __future__ import annotations

import re

import httpx
from access import NEVER_FETCH, a_ticket, api_routes, concrete
from fastapi import FastAPI
from security_helpers import add_staff, log_in

FORBIDDEN_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:")
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def policy(response: httpx.Response) -> dict[str, list[str]]:
    values = response.headers.get_list("content-security-policy")
    assert len(values) == 1, values  # two policies would both apply; one is what we reason about
    directives: dict[str, list[str]] = {}
    for part in values[0].split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def problems_of_page(path: str, response: httpx.Response) -> list[str]:
    found = []
    csp = policy(response)
    scripts = csp.get("script-src", csp.get("default-src"))
    if scripts is None:
        found.append(f"{path}: no script-src nor default-src")
    else:
        found += [f"{path}: script-src allows {s}" for s in scripts if s in FORBIDDEN_SOURCES]
    if csp.get("frame-ancestors") != ["'none'"]:
        found.append(f"{path}: frame-ancestors is {csp.get('frame-ancestors')}")
    if csp.get("object-src", csp.get("default-src")) not in (["'none'"], ["'self'"]):
        found.append(f"{path}: object-src not restricted")
    if response.headers.get("x-content-type-options") != "nosniff":
        found.append(f"{path}: no nosniff")
    html = response.text
    found += [f"{path}: inline script {m.group(0)!r}" for m in INLINE_SCRIPT.finditer(html)]
    found += [f"{path}: inline event handler {m.group(0)[:60]!r}" for m in EVENT_HANDLER.finditer(html)]
    found += [f"{path}: javascript: URL" for _ in JS_URL.finditer(html)]
    return found


async def html_pages(app: FastAPI, client: httpx.AsyncClient, ticket_id: int) -> dict[str, httpx.Response]:
    pages = {}
    for route in api_routes(app):
        if "GET" not in route.methods or route.path in NEVER_FETCH:
            continue
        path = concrete(route.path, ticket_id)
        response = await client.get(
            path, headers={"Accept": "text/html"}, params={"user": "header-test-user"}
        )
        if response.headers.get("content-type", "").startswith("text/html"):
            pages[path] = response
    return pages


async def test_every_html_page_has_a_strict_policy_and_no_inline_script(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    ticket_id = await a_ticket(app, client)
    logged_out = await html_pages(app, client, ticket_id)
    await add_staff(app, "root", "admin")
    assert (await log_in(client, "root")).status_code == 303
    logged_in = await html_pages(app, client, ticket_id)
    for expected in ("/chat", "/console/login", "/console", f"/console/tickets/{ticket_id}"):
        assert expected in {**logged_out, **logged_in}, sorted({**logged_out, **logged_in})
    problems = []
    for path, response in [*logged_out.items(), *logged_in.items()]:
        problems += problems_of_page(path, response)
    assert problems == []


async def test_error_answers_and_json_carry_the_headers_too(app: FastAPI, client: httpx.AsyncClient) -> None:
    json_body = {"Content-Type": "application/json"}
    answers = [
        await client.get("/no/such/page"),
        await client.post("/chat/messages", content=b"{", headers=json_body),
        await client.post("/chat/messages", content=b"x" * (2 * 1024 * 1024)),
        await client.get("/healthz"),
        await client.post("/webhooks/telegram", content=b"{}", headers=json_body),
        await client.post("/chat/messages", content=b"{}", headers={"Content-Type": "text/plain"}),
        await client.get("/metrics"),
    ]
    assert [a.status_code for a in answers] == [404, 400, 413, 200, 403, 415, 404]
    for answer in answers:
        assert "frame-ancestors 'none'" in answer.headers.get("content-security-policy", ""), answer.headers
        assert answer.headers.get("x-content-type-options") == "nosniff"
        assert "traceback" not in answer.text.lower()
