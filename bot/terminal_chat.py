"""`helpline chat`: the engine in a terminal, so programme staff can try the content."""

from __future__ import annotations

import itertools
import logging
import uuid
from typing import TextIO

from bot.messages import Channel, InboundKind, InboundMessage, parse_command
from bot.services import build_services
from bot.settings import Settings


async def run_terminal_chat(settings: Settings, user: str, stdin: TextIO, stdout: TextIO) -> None:
    logging.disable(logging.INFO)  # keep the screen for the conversation
    services = await build_services(settings)
    counter = itertools.count(1)
    run_id = f"{user}-{uuid.uuid4().hex}"  # fresh ids per run: dedupe must not eat new lines
    try:
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
    finally:
        await services.aclose()


def _lines(stdin: TextIO, stdout: TextIO):  # type: ignore[no-untyped-def]
    while True:
        stdout.write("\nyou> ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            stdout.write("\n")
            return
        yield line
