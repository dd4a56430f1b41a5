"""Staff accounts and console sessions: Argon2id passwords, server-side sessions, CSRF, roles.

The cookie holds a random token; the ``staff_sessions`` table holds only its sha256, so a leaked
database cannot be replayed as a login. Every state-changing request carries the session's CSRF
token (hidden form field ``csrf_token`` or the ``X-CSRF-Token`` header).

Public API for other packages (the /insights dashboard uses it too)::

    StaffDep = Annotated[StaffUser, Depends(current_staff)]
    @router.get("/insights", dependencies=[Depends(require_roles("programme", "admin"))])
    @router.post("/insights/export", dependencies=[Depends(verify_csrf)])
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request, Response
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.db import transaction
from bot.storage.models import StaffRole, StaffSession, StaffUser
from bot.storage.types import utcnow

COOKIE_NAME = "helpline_staff"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
LOGIN_PATH = "/console/login"
# A session also ends this long after login, however busy, so a stolen cookie does not live forever.
MAX_SESSION_AGE = timedelta(hours=12)
# Writing last_seen_at on every request would make each page view a write; a minute is precise enough.
TOUCH_EVERY = timedelta(seconds=60)
# Only what a person does keeps a session alive: page loads, actions. What an open page fetches by
# itself (the live stream, queue and transcript refreshes) reads the session without touching it, so
# an unattended console still ends at the idle timeout (require_roles(..., activity=False)).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
T = TypeVar("T")

# argon2-cffi's defaults are Argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


# Argon2 costs ~50 ms of CPU and 64 MiB; on the event loop 60 guesses froze every chat for seconds. It runs
# on a few threads instead (argon2-cffi releases the GIL), and only so many checks may wait for them.
HASH_THREADS = max(1, min(4, (os.cpu_count() or 2) // 2))
HASH_QUEUE = 8  # checks waiting for a thread; beyond that (plus the reserve) an attempt is refused at once
KNOWN_DEVICE_RESERVE = 4  # extra places only known devices may take, so a flood does not shut staff out
HASH_NICE = 10  # hashing threads yield the CPU to the event loop (chats, webhooks, /healthz) under a flood


class AuthError(Exception):
    """Bad name or password, or an inactive account (one message for all, to not reveal which)."""


class PasswordCheckBusy(Exception):
    """Every place of the password-checking pool is taken: refused without hashing (say "try again")."""


class PasswordWorkers:
    """A bounded pool for Argon2: ``threads`` hash at once, at most ``queue`` more wait; the rest are
    refused with :class:`PasswordCheckBusy` at once, never queued without bound. ``priority`` callers
    (known devices) may also use ``reserve`` extra places."""

    def __init__(
        self, threads: int = HASH_THREADS, queue: int = HASH_QUEUE, reserve: int = KNOWN_DEVICE_RESERVE
    ) -> None:
        self.capacity = threads + queue
        self.reserve = reserve
        self.in_use = 0
        self._lock = threading.Lock()  # released from the pool's threads
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="argon2", initializer=_lower_priority)

    def admit(self, *, priority: bool = False) -> contextlib.AbstractContextManager[object]:
        """Take a place for one login's checks, or :class:`PasswordCheckBusy` at once (before any
        database work, so a refusal is cheap)."""
        with self._lock:
            if self.in_use >= self.capacity + (self.reserve if priority else 0):
                raise PasswordCheckBusy("too many password checks at once")
            self.in_use += 1
        return contextlib.closing(_Place(self))

    async def run(self, work: Callable[..., T], *args: object, priority: bool = False) -> T:
        """Run ``work`` on the pool in a place of its own (or :class:`PasswordCheckBusy`)."""
        with self.admit(priority=priority):
            return await self.run_admitted(work, *args)

    async def run_admitted(self, work: Callable[..., T], *args: object) -> T:
        """Run ``work`` on the pool, inside a place taken with :meth:`admit`."""
        return await asyncio.wrap_future(self._executor.submit(work, *args))

    def _release(self) -> None:
        with self._lock:
            self.in_use -= 1

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class _Place:
    def __init__(self, workers: PasswordWorkers) -> None:
        self.workers = workers

    def close(self) -> None:
        self.workers._release()


def _lower_priority() -> None:
    """On Linux a thread has its own nice value: raise this hashing thread's (no privilege needed)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASH_NICE)


_workers: PasswordWorkers | None = None


def password_workers() -> PasswordWorkers:
    """The process' pool, made on first use (one per process: its threads are the bound)."""
    global _workers
    if _workers is None:
        _workers = PasswordWorkers()
    return _workers


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise ValueError("password must be at least 10 characters")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class NewSession:
    token: str  # goes into the cookie, never stored
    csrf_token: str
    staff: StaffUser


async def create_staff(session: AsyncSession, name: str, role: StaffRole | str, password: str) -> StaffUser:
    user = StaffUser(name=name, role=StaffRole(role), password_hash=hash_password(password), active=True)
    session.add(user)
    await session.flush()
    return user


async def login(
    sessions: async_sessionmaker[AsyncSession],
    name: str,
    password: str,
    *,
    previous_token: str | None = None,
    workers: PasswordWorkers | None = None,
    priority: bool = False,
) -> NewSession:
    """Check the password and open a fresh session (a new id at every login: no session fixation).

    The hash is read in one short transaction and checked on ``workers`` with no database connection
    held; the session is written in a second one. :class:`PasswordCheckBusy` when the pool is full."""
    workers = workers or password_workers()
    with workers.admit(priority=priority):
        async with sessions() as session:
            found = (
                await session.execute(
                    select(StaffUser.id, StaffUser.password_hash).where(StaffUser.name == name)
                )
            ).first()
        if found is None:
            await workers.run_admitted(verify_password, _DUMMY_HASH, password)
            raise AuthError("wrong name or password")
        user_id, stored_hash = found
        if not await workers.run_admitted(verify_password, stored_hash, password):
            raise AuthError("wrong name or password")
        new_hash = None
        if _hasher.check_needs_rehash(stored_hash):
            new_hash = await workers.run_admitted(_hasher.hash, password)
    async with transaction(sessions) as session:
        user = await session.get(StaffUser, user_id)
        if user is None or not user.active or user.password_hash != stored_hash:
            raise AuthError("wrong name or password")  # disabled or re-passworded meanwhile
        if new_hash:
            user.password_hash = new_hash
        if previous_token:
            await session.execute(delete(StaffSession).where(StaffSession.id == token_digest(previous_token)))
        token = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        now = utcnow()
        session.add(
            StaffSession(
                id=token_digest(token),
                staff_user_id=user.id,
                csrf_token=csrf,
                created_at=now,
                last_seen_at=now,
            )
        )
        user.last_seen_at = now
    return NewSession(token, csrf, user)


async def logout(session: AsyncSession, token: str) -> None:
    await session.execute(delete(StaffSession).where(StaffSession.id == token_digest(token)))


async def end_sessions_of(session: AsyncSession, staff_user_id: int) -> None:
    """Used when an account is disabled or its password changes."""
    await session.execute(delete(StaffSession).where(StaffSession.staff_user_id == staff_user_id))


async def resolve_session(
    session: AsyncSession, token: str, *, idle: timedelta, now: datetime | None = None, touch: bool = True
) -> tuple[StaffSession, StaffUser] | None:
    """The live session and its active user for a cookie token, or None (expired ones are deleted).

    ``touch``: the request is the staff member's own doing, so it counts as activity (False for what
    a page fetches in the background: it must not hold the session open)."""
    now = now or utcnow()
    row = await session.get(StaffSession, token_digest(token))
    if row is None:
        return None
    if now - row.last_seen_at > idle or now - row.created_at > MAX_SESSION_AGE:
        await session.delete(row)
        return None
    user = await session.get(StaffUser, row.staff_user_id)
    if user is None or not user.active:
        await session.delete(row)
        return None
    if touch and now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        user.last_seen_at = now
    return row, user


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        token,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_session_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        COOKIE_NAME, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


def _wants_html(request: Request) -> bool:
    return request.method in SAFE_METHODS and "text/html" in request.headers.get("accept", "")


def _not_logged_in(request: Request) -> HTTPException:
    if _wants_html(request):
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe="")
        return HTTPException(303, "log in first", headers={"Location": f"{LOGIN_PATH}?next={target}"})
    return HTTPException(401, "log in first")


async def _resolve(request: Request, *, touch: bool) -> tuple[StaffSession, StaffUser] | None:
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        return None
    services = request.app.state.services
    idle = timedelta(minutes=services.settings.staff_session_idle_minutes)
    async with services.sessions() as session, session.begin():
        return await resolve_session(session, token, idle=idle, touch=touch)


async def _load(request: Request, *, activity: bool = True) -> tuple[StaffSession, StaffUser] | None:
    """Resolve the cookie once per request and keep the answer on request.state."""
    if hasattr(request.state, "staff_auth"):
        return request.state.staff_auth  # type: ignore[no-any-return]
    found = await _resolve(request, touch=activity)
    request.state.staff_auth = found
    return found


async def still_signed_in(request: Request, staff_id: int) -> bool:
    """Re-check the request's session now, without counting as activity: a long-lived response (the
    live stream) ends when the session has expired, was logged out, or the account was disabled."""
    found = await _resolve(request, touch=False)
    return found is not None and found[1].id == staff_id


async def optional_staff(request: Request) -> StaffUser | None:
    found = await _load(request)
    return found[1] if found else None


async def current_staff(request: Request) -> StaffUser:
    """FastAPI dependency: the logged-in staff member; 401 (or a redirect to the login page for a
    browser page load) otherwise."""
    return await _staff(request, activity=True)


async def _staff(request: Request, *, activity: bool) -> StaffUser:
    found = await _load(request, activity=activity)
    if found is None:
        raise _not_logged_in(request)
    return found[1]


async def current_csrf_token(request: Request) -> str:
    found = await _load(request)
    if found is None:
        raise _not_logged_in(request)
    return found[0].csrf_token


def require_roles(
    *roles: StaffRole | str, activity: bool = True
) -> Callable[[Request], Awaitable[StaffUser]]:
    """FastAPI dependency factory: the logged-in staff member if their role is one of ``roles``, else 403.

    ``activity=False`` for routes a page calls by itself (polling, streams): they need a live session
    but do not extend it."""
    allowed = frozenset(StaffRole(r) for r in roles)

    async def dependency(request: Request) -> StaffUser:
        staff = await _staff(request, activity=activity)
        if staff.role not in allowed:
            raise HTTPException(403, "your role may not open this page")
        return staff

    return dependency


async def verify_csrf(request: Request) -> None:
    """FastAPI dependency for every state-changing route: the session's token in the form or header."""
    if request.method in SAFE_METHODS:
        return
    found = await _load(request)
    if found is None:
        raise _not_logged_in(request)
    sent = request.headers.get(CSRF_HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()  # Starlette caches it, so Form(...) parameters still work
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), found[0].csrf_token.encode()):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page")


# Roles allowed to read transcripts and act on tickets. Programme staff see anonymised insights only.
CONSOLE_ROLES = (StaffRole.AGENT, StaffRole.SUPERVISOR, StaffRole.ADMIN)
SUPERVISING_ROLES = (StaffRole.SUPERVISOR, StaffRole.ADMIN)
