"""`helpline staff ...` and `helpline handoff ...` commands."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import typer
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import StaffRole, StaffUser

T = TypeVar("T")

staff_app = typer.Typer(help="Console staff accounts.", no_args_is_help=True)
handoff_app = typer.Typer(help="Tickets handed to hotline staff.", no_args_is_help=True)


def _with_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run ``work`` in one transaction on the configured database (migrating the embedded SQLite)."""
    from bot.cli import settings_or_exit  # here, not at import: bot.cli mounts this module
    from bot.storage.db import create_engine, session_factory, transaction
    from bot.storage.migrate import upgrade

    settings = settings_or_exit()
    url = settings.effective_database_url
    if make_url(url).get_backend_name() == "sqlite":
        upgrade(url)

    async def run() -> T:
        engine = create_engine(url)
        try:
            async with transaction(session_factory(engine)) as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


@staff_app.command("add")
def staff_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[StaffRole, typer.Option(help="agent, supervisor, programme or admin.")] = StaffRole.AGENT,
) -> None:
    """Create a staff account. The password is read from the first line of standard input."""
    from handoff.auth import create_staff

    password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < 10:
        typer.echo("helpline: the password (first line of stdin) must be at least 10 characters", err=True)
        raise typer.Exit(2)

    async def work(session: AsyncSession) -> int:
        user = await create_staff(session, name.strip(), role, password)
        return user.id

    try:
        user_id = _with_session(work)
    except IntegrityError:
        typer.echo(f"helpline: a staff member named {name!r} already exists", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"staff member {name!r} added (id {user_id}, role {role.value})")


@staff_app.command("list")
def staff_list() -> None:
    """Print staff accounts: id, name, role, active, available."""

    async def work(session: AsyncSession) -> list[StaffUser]:
        return list((await session.scalars(select(StaffUser).order_by(StaffUser.id))).all())

    for user in _with_session(work):
        typer.echo(
            f"{user.id}\t{user.name}\t{user.role.value}\t"
            f"{'active' if user.active else 'disabled'}\t{'available' if user.available else 'away'}"
        )


@staff_app.command("disable")
def staff_disable(name: Annotated[str, typer.Argument(help="Login name.")]) -> None:
    """Disable an account and end its sessions at once."""
    from handoff.auth import end_sessions_of

    async def work(session: AsyncSession) -> bool:
        user = await session.scalar(select(StaffUser).where(StaffUser.name == name))
        if user is None:
            return False
        user.active = False
        user.available = False
        await end_sessions_of(session, user.id)
        return True

    if not _with_session(work):
        typer.echo(f"helpline: no staff member named {name!r}", err=True)
        raise typer.Exit(1)
    typer.echo(f"staff member {name!r} disabled")


@handoff_app.command("list")
def handoff_list(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array instead of a table.")] = False,
) -> None:
    """Print the open tickets in dispatch order: urgent first (riskiest first), then the longest waiting.
    No message content (reasons, first words): the output goes to scripts and logs."""
    from handoff.service import list_open_tickets

    rows = [row.as_dict() for row in _with_session(list_open_tickets)]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False))
        return
    if not rows:
        typer.echo("no open tickets")
        return
    typer.echo("id\tpriority\trisk\tstatus\tchannel\tlanguage\twaiting_s\tassignee\tuser_says_not_urgent")
    for r in rows:
        typer.echo(
            f"{r['id']}\t{r['priority']}\t{r['risk']}\t{r['status']}\t{r['channel']}\t{r['language']}\t"
            f"{r['waiting_seconds']}\t{r['assignee'] or '-'}\t{'yes' if r['user_says_not_urgent'] else 'no'}"
        )
