"""Channel-neutral message types: the only shapes the engine, flows, NLU and handoff ever see.

Channel adapters (``bot/channels/*``) translate platform payloads into :class:`InboundMessage` and
turn :class:`OutboundMessage` back into platform calls. Nothing here knows a platform field name.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import UTC, datetime

# The always-available emergency button: every channel offers it, and pressing it is an urgent signal
# no matter what the NLU thinks.
EMERGENCY_BUTTON_ID = "emergency"


class Channel(enum.StrEnum):
    TELEGRAM = "telegram"
    WHATSAPP = "whatsapp"
    WEBCHAT = "webchat"
    CLI = "cli"  # `helpline chat` in a terminal


class InboundKind(enum.StrEnum):
    TEXT = "text"
    BUTTON = "button"  # the user pressed a button we sent (Telegram callback, WhatsApp interactive reply)
    COMMAND = "command"  # /start, /lang, /hapus (Telegram) or the same words typed on other channels
    MEDIA = "media"  # photo, voice, sticker, document: we ask the user to write instead
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True, slots=True)
class Button:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One thing a user sent, as the engine sees it.

    ``message_id`` is the platform's own delivery id (Telegram ``update_id``, WhatsApp ``wamid``, a
    client-chosen id on the web chat); together with ``channel`` it is the idempotency key.
    """

    channel: Channel
    channel_user_id: str
    message_id: str
    kind: InboundKind = InboundKind.TEXT
    text: str = ""
    button_id: str | None = None
    command: str | None = None  # without the slash: "start", "lang", "hapus"
    command_args: str = ""  # e.g. a Telegram deep-link payload after /start
    lang_hint: str | None = None  # platform language code, if the platform tells us
    # Where the request came from, when the channel sees one (the web chat; behind a proxy, as the app's
    # forwarded-header handling decides): only for abuse limits (handoff/flood.py), never stored.
    client_address: str | None = None
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class MessageTemplate:
    """A message the platform pre-approved (WhatsApp templates), sent by name where free text may not go."""

    name: str
    language: str  # the platform's code of the approved translation, e.g. "id", "en"


@dataclass(frozen=True, slots=True)
class OutboundMessage:
    """One reply. Channels without buttons render them as a numbered list (see ``render_as_text``).

    With ``template`` set the channel sends that template instead; ``text`` is then only the transcript's
    record of it, and a channel without templates refuses the message.
    """

    text: str
    buttons: tuple[Button, ...] = ()
    template: MessageTemplate | None = None

    def render_as_text(self) -> str:
        if not self.buttons:
            return self.text
        lines = [self.text, ""]
        lines += [f"{n}. {b.title}" for n, b in enumerate(self.buttons, start=1)]
        return "\n".join(lines)


KNOWN_COMMANDS = frozenset({"start", "lang", "hapus", "menu", "help"})


def parse_command(text: str) -> tuple[str, str] | None:
    """ "/start abc" -> ("start", "abc"); also "/start@SomeBot". Unknown commands are plain text."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    head, _, args = stripped[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    return (name, args.strip()) if name in KNOWN_COMMANDS else None
