"""What the user is told when their conversation is queued: an honest expected wait, or the
help numbers for where they are when nobody can answer soon.

``open_ticket`` runs inside the engine's transaction with a fixed signature, so the configured
policy (office hours, numbers) is installed once at start-up by :func:`configure`. The numbers are the
country help card (``help_numbers(location, language)``, flows/help_card.py, installed by
handoff/runtime.py) in the person's language, for the country they are in (location key "MY",
"MY:johor_bahru", "ID", or None when unknown); the ``HELPLINE_HANDOFF_EMERGENCY_NUMBERS`` setting, when an
operator sets it, is appended as written.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

import locales
from bot.messages import OutboundMessage
from bot.storage.models import StaffRole, StaffUser, Ticket
from handoff.hours import OfficeHours

ALWAYS_OPEN = "mon-sun 00:00-24:00"
# (location key or None, language) -> the lines of help numbers, in that language.
HelpNumbers = Callable[[str | None, str], str]
# Before any ticket has been handled we have no history; these are the team's service targets.
DEFAULT_CLAIM_SECONDS = {0: 120, 1: 600}
DEFAULT_HANDLE_SECONDS = 900
HISTORY = 20  # recent tickets the estimate is based on
ONLINE_WITHIN = timedelta(minutes=30)  # open consoles touch last_seen_at every heartbeat
ONLINE_ROLES = (StaffRole.AGENT, StaffRole.SUPERVISOR, StaffRole.ADMIN)

MSG_WAIT = locales.N_(
    "A trained helpline staff member will read this conversation. Expected wait: about {wait}. "
    "Please stay here; you can keep writing."
)
MSG_NOBODY_ONLINE = locales.N_(
    "No staff member is online at this moment. Your conversation is saved and the first person who "
    "comes online will read it. If you are in danger now, call:\n{numbers}"
)
MSG_OUT_OF_HOURS = locales.N_(
    "Our staff are not working now; they are back {when} (Western Indonesia Time). Your conversation "
    "is saved and will be read then. If you are in danger now, call:\n{numbers}"
)


@dataclass(frozen=True, slots=True)
class QueuedNotice:
    message: OutboundMessage
    expected_wait_seconds: int | None
    out_of_hours: bool


def _country_card(location: str | None, lang: str) -> str:
    """Until handoff/runtime.py installs it: the same card, imported late (flows loads YAML)."""
    from flows.help_card import notice_numbers

    return notice_numbers(location, lang)


class HandoffPolicy:
    def __init__(
        self, hours: OfficeHours, emergency_numbers: str = "", help_numbers: HelpNumbers | None = None
    ) -> None:
        self.hours = hours
        self.emergency_numbers = emergency_numbers.strip()  # optional operator addition, shown as written
        self.help_numbers: HelpNumbers = help_numbers or _country_card

    def numbers(self, location: str | None, lang: str) -> str:
        """The country card in ``lang`` for ``location``, then the operator's extra numbers if any."""
        card = self.help_numbers(location, lang)
        return f"{card}\n{self.emergency_numbers}" if self.emergency_numbers else card

    async def queued_notice(
        self, session: AsyncSession, ticket: Ticket, now: datetime, location: str | None = None
    ) -> QueuedNotice:
        lang = ticket.language
        if not self.hours.is_open(now):
            when = locales.format_datetime(self.hours.next_open(now), lang)
            numbers = self.numbers(location, lang)
            text = locales.translate(lang, MSG_OUT_OF_HOURS, when=when, numbers=numbers)
            return QueuedNotice(OutboundMessage(text), None, out_of_hours=True)
        wait = await expected_wait_seconds(session, ticket)
        if wait is None:
            text = locales.translate(lang, MSG_NOBODY_ONLINE, numbers=self.numbers(location, lang))
            return QueuedNotice(OutboundMessage(text), None, out_of_hours=False)
        text = locales.translate(lang, MSG_WAIT, wait=locales.format_duration_minutes(wait / 60, lang))
        return QueuedNotice(OutboundMessage(text), wait, out_of_hours=False)


async def expected_wait_seconds(session: AsyncSession, ticket: Ticket) -> int | None:
    """From the current queue: how long people of this priority recently waited, stretched when more
    tickets are ahead than staff online can take at once. None when nobody is online."""
    from handoff.service import ahead_of  # service imports this module

    online = await session.scalar(
        select(func.count(StaffUser.id)).where(
            StaffUser.active.is_(True),
            StaffUser.available.is_(True),
            StaffUser.role.in_(ONLINE_ROLES),
            # "Available" but not seen for long means a console left open on a closed laptop.
            StaffUser.last_seen_at >= ticket.created_at - ONLINE_WITHIN,
        )
    )
    if not online:
        return None
    ahead = await session.scalar(select(func.count(Ticket.id)).where(ahead_of(ticket))) or 0
    recent = (
        await session.execute(
            select(Ticket.created_at, Ticket.claimed_at, Ticket.closed_at)
            .where(Ticket.claimed_at.is_not(None), Ticket.priority == ticket.priority)
            .order_by(Ticket.claimed_at.desc())
            .limit(HISTORY)
        )
    ).all()
    claim_waits = [(c - o).total_seconds() for o, c, _ in recent]
    handles = [(d - c).total_seconds() for _, c, d in recent if d is not None]
    base = statistics.median(claim_waits) if claim_waits else DEFAULT_CLAIM_SECONDS.get(ticket.priority, 600)
    handle = statistics.median(handles) if handles else DEFAULT_HANDLE_SECONDS
    rounds = ahead // online  # every staff member online takes one ticket per round
    return max(60, int(max(base, rounds * handle)))


_current = HandoffPolicy(OfficeHours.parse(ALWAYS_OPEN))


def configure(hours: str, emergency_numbers: str = "", help_numbers: HelpNumbers | None = None) -> HandoffPolicy:
    """Install the policy from settings (ValueError names a bad schedule)."""
    global _current
    _current = HandoffPolicy(OfficeHours.parse(hours), emergency_numbers, help_numbers)
    return _current


def current() -> HandoffPolicy:
    return _current
