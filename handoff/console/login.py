"""Log in and out of the console (and the insights dashboard, which shares the session)."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from bot.storage.db import transaction
from bot.storage.models import StaffRole, StaffUser
from handoff import auth
from handoff.console.templating import SECURITY_HEADERS, render
from handoff.login_throttle import (
    DEVICE_COOKIE,
    DEVICE_MAX_AGE_SECONDS,
    LoginThrottle,
    device_keys,
    known_device,
    remember_device,
    throttle_keys,
)

router = APIRouter(prefix="/console", include_in_schema=False)

# Double-submit cookie for the login form itself: there is no session (and so no session token) yet.
LOGIN_CSRF_COOKIE = "helpline_login_csrf"
MSG_THROTTLED = "Too many attempts for this name or from this network. Try again in {wait}."
MSG_BUSY = "The server is busy checking other log-ins. Please try again in a few seconds."
BUSY_RETRY_SECONDS = 2


def safe_next(target: str | None) -> str | None:
    """Only same-site paths; '//evil.example' and absolute URLs would be an open redirect."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


def _login_page(request: Request, *, error: str | None = None, next_path: str = "", status: int = 200):
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {"error": error, "next": next_path, "login_csrf": token, "staff": None},
        status_code=status,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/console/login",
    )
    return response


@router.get("/login")
async def login_form(request: Request, next: str = "") -> Response:
    return _login_page(request, next_path=safe_next(next) or "")


@router.post("/login")
async def login_submit(
    request: Request,
    name: Annotated[str, Form(max_length=80)],
    password: Annotated[str, Form(max_length=1024)],
    login_csrf: Annotated[str, Form(max_length=100)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), login_csrf.encode()):
        return _login_page(request, error="The form expired. Please try again.", status=403)
    services = request.app.state.services
    throttle: LoginThrottle = services.extras["login_throttle"]
    secret = services.settings.secret_key.get_secret_value()
    device = known_device(request.cookies.get(DEVICE_COOKIE), name, secret)
    # A known device is throttled on its own; strangers on the name and on their address. Counted now,
    # before the password is checked, so simultaneous guesses cannot all slip in.
    keys = (
        device_keys(device)
        if device
        else throttle_keys(name, request.client.host if request.client else None)
    )
    wait = await throttle.attempt(keys)
    if wait:
        return _refused(request, next, MSG_THROTTLED.format(wait=_in_words(wait)), 429, wait)
    try:
        opened = await auth.login(
            services.sessions,
            name.strip(),
            password,
            previous_token=request.cookies.get(auth.COOKIE_NAME),
            workers=services.extras.get("password_workers"),  # tests may set a smaller pool
            priority=device is not None,
        )
    except auth.PasswordCheckBusy:
        await throttle.refund(keys)  # never checked: it costs the name nothing
        return _refused(request, next, MSG_BUSY, 503, BUSY_RETRY_SECONDS)
    except auth.AuthError:
        return _login_page(
            request, error="Wrong name or password.", next_path=safe_next(next) or "", status=401
        )
    await throttle.succeeded(keys)  # the name (or device) starts afresh; the address keeps its failures
    # Programme staff never see transcripts: they land on the insights dashboard.
    target = "/insights" if opened.staff.role is StaffRole.PROGRAMME else safe_next(next) or "/console"
    response = RedirectResponse(target, status_code=303)
    response.headers.update(SECURITY_HEADERS)
    auth.set_session_cookie(request, response, opened.token)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/console/login")
    response.set_cookie(
        DEVICE_COOKIE,
        remember_device(request.cookies.get(DEVICE_COOKIE), opened.staff.name, secret),
        max_age=DEVICE_MAX_AGE_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/console/login",
    )
    return response


def _refused(request: Request, next_path: str, error: str, status: int, retry_after: int) -> Response:
    """429 (this name or address must wait) or 503 (the server is busy): the form again, with why."""
    response = _login_page(request, error=error, next_path=safe_next(next_path) or "", status=status)
    response.headers["Retry-After"] = str(retry_after)
    return response


def _in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{round(seconds / 60)} minutes"


@router.post("/logout", dependencies=[Depends(auth.verify_csrf)])
async def logout(request: Request) -> Response:
    token = request.cookies.get(auth.COOKIE_NAME)
    if token:
        async with transaction(request.app.state.services.sessions) as session:
            await auth.logout(session, token)
    response = RedirectResponse(auth.LOGIN_PATH, status_code=303)
    auth.clear_session_cookie(request, response)
    return response


@router.get("/session")
async def who_am_i(request: Request, staff: Annotated[StaffUser, Depends(auth.current_staff)]) -> Response:
    """The logged-in staff member and the CSRF token, for scripts that post with X-CSRF-Token."""
    csrf = await auth.current_csrf_token(request)
    return JSONResponse(
        {"id": staff.id, "name": staff.name, "role": staff.role.value, "csrf_token": csrf},
        headers={"Cache-Control": "no-store"},
    )
