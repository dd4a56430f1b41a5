"""`helpline chat`: the engine in a terminal, so programme staff can try the content."""

from __future__ import annotations

import contextlib
import itertools
import logging
import uuid
from collections.abc import Iterator
from typing import TextIO

from bot.messages import Channel, InboundKind, InboundMessage, parse_command
from bot.services import Services, build_services
from bot.settings import Settings


async def build_chat_services(settings: Settings) -> Services:
    """The engine with its NLU, flows and storage, and handoff's ticket queueing (an urgent line still
    opens a ticket staff see at once). No push channels or outbox: a configured Telegram token must not
    make a content try-out call Telegram or send other processes' pending replies; and none of the
    serving app's background jobs (handoff upkeep, retention)."""
    return await build_services(settings, channels=False, background_jobs=False)


async def run_terminal_chat(settings: Settings, user: str, stdin: TextIO, stdout: TextIO) -> None:
    with _quiet_logs():
        services = await build_chat_services(settings)
        try:
            await _converse(services, user, stdin, stdout)
        finally:
            await services.aclose()


@contextlib.contextmanager
def _quiet_logs() -> Iterator[None]:
    """Keep the screen for the conversation; restore logging afterwards (tests run this in-process)."""
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        yield
    finally:
        logging.disable(previous)


async def _converse(services: Services, user: str, stdin: TextIO, stdout: TextIO) -> None:
    counter = itertools.count(1)
    run_id = f"{user}-{uuid.uuid4().hex}"  # fresh ids per run: dedupe must not eat new lines
    stdout.write("Helpline chat. Type a message; numbers pick a button; /lang, /hapus; Ctrl-D quits.\n")
    stdout.flush()
    for line in _lines(stdin, stdout):
        text = line.strip()
        if not text:
            continue
        command = parse_command(text)
        msg = InboundMessage(
            Channel.CLI,
            user,
            f"{run_id}-{next(counter)}",
            InboundKind.COMMAND if command else InboundKind.TEXT,
            text=text,
            command=command[0] if command else None,
            command_args=command[1] if command else "",
        )
        result = await services.engine.handle(msg)
        for reply in result.replies:
            stdout.write("\nbot> " + reply.render_as_text().replace("\n", "\n     ") + "\n")
        if result.ticket_id:
            stdout.write(f"\n[ticket #{result.ticket_id} queued for staff]\n")
        stdout.flush()


def _lines(stdin: TextIO, stdout: TextIO):  # type: ignore[no-untyped-def]
    while True:
        stdout.write("\nyou> ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            stdout.write("\n")
            return
        yield line
