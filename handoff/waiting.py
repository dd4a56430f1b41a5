"""What the bot does with a message while a ticket is open (DESIGN invariant 4, issue 13 part 3).

Two situations, two rules:

- **Waiting** (a ticket is queued, nobody has claimed it): the bot keeps serving commands (/hapus,
  /lang, /menu, "menu", "batal"), the Emergency button and the word "darurat" (the card again), the
  flow the person is in the middle of (the card's "where are you?", a deletion being confirmed), and
  says honestly when staff will read the chat at most once every few minutes. Someone who says it is
  not an emergency gets the bot back; the ticket stays for staff, marked, and the user cannot close it.
- **Held** (a staff member has claimed it): the bot is silent except for safety: /hapus is answered
  (staff see it in the transcript) and the Emergency button shows the card.

The decision is a pure function so every rule is tested without a database (tests/handoff).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.messages import EMERGENCY_BUTTON_ID, InboundKind, InboundMessage

# At most one "staff will read this" notice per conversation in this time.
NOTICE_INTERVAL = timedelta(minutes=5)

# Flows that carry on while a ticket waits: they are part of getting help or of a safety command.
CONTINUE_WHILE_WAITING = frozenset({"emergency", "danger_check", "delete_data", "language", "welcome"})
# ... and while staff hold the chat, only the deletion the person asked for.
CONTINUE_WHILE_HELD = frozenset({"delete_data"})

# Typed words that mean a command: "menu" shows the menu, "batal" / "stop" leave what was going on.
MENU_WORDS = frozenset(
    {"menu", "menu utama", "main menu", "batal", "stop", "cancel", "kembali", "back", "berhenti", "udahan"}
)
# The word "darurat" typed on its own (the Emergency button written out).
EMERGENCY_WORDS = frozenset({"darurat", "emergency", "sos", "gawat darurat", "tombol darurat"})

# In every language people write to us in: Indonesian, Javanese (dudu, mboten), Sundanese (sanes),
# Malay (kecemasan = emergency, selamat = safe) and English.
_NEGATED_EMERGENCY = re.compile(
    r"\b(?:bukan|bkn|gak|ga|gk|nggak|ngga|enggak|tidak|tdk|tak|ndak|ora|dudu|mboten|teu|sanes"
    r"|not|no|isn'?t|is not)\s+"
    r"(?:ada\s+|lagi\s+|sedang\s+|dalam\s+|di\s+|an?\s+|in\s+)?(?:keadaan\s+)?"
    r"(?:darurat|kecemasan|emergency|urgent|bahaya|danger|gawat)\b"
)
_SAFE_OR_MISTAKE = re.compile(
    r"\b(?:salah\s+(?:pencet|pijit|tekan|klik|tombol|kirim)|kepencet|kapencet|kepijit|kapijit|ketekan|katekan"
    r"|(?:saya|sy|aku|abdi|kulo|kula)\s+(?:aman|selamat)|aman\s+(?:kok|aja|saja|koq|ko)"
    r"|i'?m\s+(?:fine|safe|ok|okay)|i\s+am\s+(?:fine|safe|ok|okay)|pressed\s+(?:it\s+)?by\s+mistake"
    r"|wrong\s+button|by\s+accident)\b"
)
_JUST_ASKING = re.compile(
    r"\b(?:cuma|cm|hanya|cuman|mung|ngan|ukur)\s+(?:mau\s+|ingin\s+|pengen\s+|nak\s+|arep\s+|hoyong\s+|bade\s+)?"
    r"(?:tanya|nanya|bertanya|takon|naros|nanyain)"
    r"|\bjust\s+(?:asking|a\s+question|want(?:ed)?\s+to\s+ask)\b"
)


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']+", " ", text.lower())).strip()


def says_not_urgent(text: str) -> bool:
    """ "sy gk darurat cuma mau tanya", "bukan darurat", "salah pencet", "i'm fine, just asking"."""
    plain = _plain(text)
    return bool(
        _NEGATED_EMERGENCY.search(plain) or _SAFE_OR_MISTAKE.search(plain) or _JUST_ASKING.search(plain)
    )


def without_not_urgent(text: str) -> str:
    """What is left once "bukan darurat" / "salah pencet" is taken out: the question, if they asked one."""
    plain = _NEGATED_EMERGENCY.sub(" ", _plain(text))
    plain = _SAFE_OR_MISTAKE.sub(" ", plain)
    return re.sub(r"\s+", " ", plain).strip(" ,.")


def is_emergency_word(text: str) -> bool:
    return _plain(text) in EMERGENCY_WORDS


def is_menu_word(text: str) -> bool:
    return _plain(text) in MENU_WORDS


class WaitingAction(enum.Enum):
    SERVE = "serve"  # run the flows as usual (a command, a flow that carries on)
    MENU = "menu"  # a typed command word: the menu
    CARD = "card"  # the emergency card again (and the ticket raised to urgent)
    NOT_URGENT = "not_urgent"  # the person says it is not an emergency: the bot is back, ticket marked
    NOTICE = "notice"  # tell them honestly when staff will read it
    SILENT = "silent"  # store it for staff, say nothing (a notice went out moments ago, or staff hold it)


@dataclass(frozen=True, slots=True)
class OpenTicketState:
    held: bool  # claimed by a staff member
    urgent: bool
    active_flow: str | None
    last_notice_at: datetime | None


def decide(
    msg: InboundMessage, ticket: OpenTicketState, *, urgent_now: bool, names_place: bool = False
) -> WaitingAction:
    """What to do with ``msg`` while ``ticket`` is open. ``urgent_now``: the NLU found danger in it;
    ``names_place``: it names a country or city (an answer to the card's "Where are you now?")."""
    pressed_emergency = msg.kind is InboundKind.BUTTON and msg.button_id == EMERGENCY_BUTTON_ID
    typed = msg.text if msg.kind is InboundKind.TEXT else ""
    if pressed_emergency or (typed and is_emergency_word(typed)):
        return WaitingAction.CARD
    if ticket.held:
        if msg.kind is InboundKind.COMMAND and msg.command == "hapus":
            return WaitingAction.SERVE
        if ticket.active_flow in CONTINUE_WHILE_HELD and msg.kind in (InboundKind.TEXT, InboundKind.BUTTON):
            return WaitingAction.SERVE
        return WaitingAction.SILENT
    if msg.kind is InboundKind.COMMAND:
        return WaitingAction.SERVE
    if urgent_now and not ticket.urgent:
        return WaitingAction.CARD  # a normal ticket (asked for a person) and now danger: help at once
    if typed and not urgent_now and says_not_urgent(typed):
        return WaitingAction.NOT_URGENT
    if typed and is_menu_word(typed):
        return WaitingAction.MENU
    # The card's only question is "Where are you now?": "halo kak?" is for staff, not an answer.
    words_for_staff = ticket.active_flow == "emergency" and msg.kind is InboundKind.TEXT and not names_place
    answers_flow = msg.kind in (InboundKind.TEXT, InboundKind.BUTTON) and not words_for_staff
    if ticket.active_flow in CONTINUE_WHILE_WAITING and answers_flow:
        return WaitingAction.SERVE
    if msg.kind is InboundKind.BUTTON and msg.button_id and "." not in msg.button_id:
        return WaitingAction.MENU if msg.button_id == "menu" else WaitingAction.SERVE
    if ticket.last_notice_at is None or msg.received_at - ticket.last_notice_at >= NOTICE_INTERVAL:
        return WaitingAction.NOTICE
    return WaitingAction.SILENT
