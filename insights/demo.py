"""`helpline insights demo`: a realistic year of synthetic theme events (and ticket timings), so the
dashboard can be seen and tested without real users.

The shape follows what outreach staff describe: most questions come before departure (agencies,
documents, fees, job offers); Sundays are busiest (the rest day of domestic workers abroad);
recruitment peaks after Eid and in the first quarter; each of the seven main destinations brings
its own questions (Malaysia: irregular routes and getting home; Saudi Arabia: relatives gone
silent; Taiwan and Hong Kong: fees and contracts; Korea and Japan: visas and documents).
Nothing here is real; a fixed seed gives the same year every time.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    Contact,
    Conversation,
    ConversationMode,
    ThemeEvent,
    Ticket,
    TicketPriority,
    TicketStatus,
)
from insights.themes import JAKARTA

DEMO_CHANNEL_USER = "insights-demo"  # the one synthetic contact that demo tickets hang on

# Share of conversations per destination, and the themes each brings beyond the common ones.
DESTINATIONS: dict[str, tuple[float, dict[str, float]]] = {
    "malaysia": (0.30, {"return_home": 3.0, "warning_signs": 1.5, "rights_abroad": 1.4, "documents": 1.3}),
    "taiwan": (0.20, {"fees": 2.2, "contract": 1.8, "agency_check": 1.3}),
    "hong_kong": (0.17, {"contract": 1.6, "fees": 1.8, "rights_abroad": 1.5}),
    "saudi_arabia": (0.12, {"missing_person": 4.0, "report_case": 2.2, "return_home": 2.0, "emergency": 2.0}),
    "singapore": (0.08, {"contract": 1.4, "health": 1.8}),
    "south_korea": (0.07, {"visa": 3.0, "documents": 1.8, "departure_prep": 1.5}),
    "japan": (0.06, {"visa": 2.6, "departure_prep": 1.8, "documents": 1.6}),
}
BASE_THEMES = {
    "agency_check": 14, "documents": 11, "fees": 10, "warning_signs": 10, "contract": 7, "visa": 6,
    "departure_prep": 7, "destination_info": 6, "rights_abroad": 5, "return_home": 3, "report_case": 2.2,
    "missing_person": 1.3, "health": 2, "human_agent": 2.5, "emergency": 2.4, "greet": 4, "goodbye": 2,
    "out_of_scope": 2.5,
}  # fmt: skip
URGENT_SHARE = {"emergency": 1.0, "report_case": 0.18, "missing_person": 0.12, "return_home": 0.05,
                "rights_abroad": 0.04}  # fmt: skip
HANDOFF_SHARE = {"emergency": 1.0, "human_agent": 1.0, "report_case": 0.55, "missing_person": 0.6}
CHANNELS = {"whatsapp": 0.58, "telegram": 0.27, "webchat": 0.15}
LANGUAGES = {"id": 0.87, "en": 0.13}
RISK = {"low": 0.3, "medium": 0.36, "high": 0.34}
AGENCY = {"licensed": 0.52, "suspended": 0.09, "revoked": 0.12, "not_found": 0.27}
WEEKDAY = (0.92, 0.9, 0.9, 0.93, 0.97, 1.1, 1.38)  # Monday .. Sunday


@dataclass(slots=True)
class DemoSummary:
    events: int
    tickets: int
    start: date
    end: date


def _pick(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def daily_volume(day: date, base: float) -> float:
    """Expected answers on ``day``: yearly waves, the weekly rhythm, and a post-Eid recruitment rush."""
    doy = day.timetuple().tm_yday
    yearly = 1 + 0.18 * math.sin(2 * math.pi * (doy - 20) / 365) + 0.12 * math.cos(4 * math.pi * doy / 365)
    # Two outreach campaigns a year bring a short wave of first-time users.
    campaign = 0.45 * math.exp(-(((doy - 105) / 9) ** 2)) + 0.35 * math.exp(-(((doy - 250) / 7) ** 2))
    return base * yearly * WEEKDAY[day.weekday()] * (1 + campaign)


def make_events(start: date, end: date, *, seed: int = 7, per_day: float = 80) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    destination_share = {name: share for name, (share, _) in DESTINATIONS.items()}
    events = []
    day = start
    while day <= end:
        for _ in range(_poisson(rng, daily_volume(day, per_day))):
            _, bias = DESTINATIONS[_pick(rng, destination_share)]
            theme = _pick(rng, {t: w * bias.get(t, 1.0) for t, w in BASE_THEMES.items()})
            outcome = None
            if theme == "warning_signs" and rng.random() < 0.8:
                outcome = f"risk:{_pick(rng, RISK)}"
            elif theme == "agency_check" and rng.random() < 0.9:
                outcome = f"agency:{_pick(rng, AGENCY)}"
            events.append(
                {
                    "day": day,
                    "theme": theme,
                    "language": _pick(rng, LANGUAGES),
                    "channel": _pick(rng, CHANNELS),
                    "urgent": rng.random() < URGENT_SHARE.get(theme, 0.004),
                    "handoff": rng.random() < HANDOFF_SHARE.get(theme, 0.02),
                    "outcome": outcome,
                }
            )
        day += timedelta(days=1)
    return events


def _poisson(rng: random.Random, mean: float) -> int:
    # Normal approximation is fine at these volumes (mean > 20) and keeps the generator dependency-free.
    return max(0, round(rng.gauss(mean, math.sqrt(mean))))


def make_ticket(rng: random.Random, event: dict[str, Any], conversation_id: int) -> dict[str, Any]:
    """A closed ticket with claim and first-reply delays: urgent ones fast, others slower at night."""
    urgent = event["urgent"]
    opened = time(hour=rng.choice(range(7, 23)), minute=rng.randrange(60))
    created = datetime.combine(event["day"], opened, JAKARTA)
    to_claim = rng.lognormvariate(math.log(3.0 if urgent else 22.0), 0.8 if urgent else 1.0)
    to_reply = to_claim + rng.lognormvariate(math.log(1.5 if urgent else 4.0), 0.6)
    claimed = created + timedelta(minutes=to_claim)
    replied = created + timedelta(minutes=to_reply)
    return {
        "conversation_id": conversation_id,
        "priority": int(TicketPriority.URGENT if urgent else TicketPriority.NORMAL),
        "status": TicketStatus.CLOSED,
        "reason": "demo",
        "channel": event["channel"],
        "language": event["language"],
        "created_at": created,
        "claimed_at": claimed,
        "first_reply_at": replied,
        "closed_at": replied + timedelta(minutes=rng.lognormvariate(math.log(25), 0.7)),
        "outcome": "demo",
        "version": 1,
    }


async def seed_demo(
    session: AsyncSession,
    *,
    end: date,
    days: int = 365,
    seed: int = 7,
    per_day: float = 80,
    tickets: bool = True,
) -> DemoSummary:
    start = end - timedelta(days=days - 1)
    events = make_events(start, end, seed=seed, per_day=per_day)
    for chunk in range(0, len(events), 2000):
        await session.execute(insert(ThemeEvent), events[chunk : chunk + 2000])
    ticket_rows: list[dict[str, Any]] = []
    if tickets:
        conversation_id = await _demo_conversation(session)
        rng = random.Random(seed + 1)
        ticket_rows = [make_ticket(rng, e, conversation_id) for e in events if e["handoff"]]
        for chunk in range(0, len(ticket_rows), 1000):
            await session.execute(insert(Ticket), ticket_rows[chunk : chunk + 1000])
    return DemoSummary(len(events), len(ticket_rows), start, end)


async def _demo_conversation(session: AsyncSession) -> int:
    """One closed synthetic conversation (no messages) that the demo tickets belong to."""
    contact = await session.scalar(
        select(Contact).where(Contact.channel == "demo", Contact.channel_user_id == DEMO_CHANNEL_USER)
    )
    if contact is None:
        contact = Contact(channel="demo", channel_user_id=DEMO_CHANNEL_USER)
        session.add(contact)
        await session.flush()
    conversation = Conversation(
        contact_id=contact.id, language="id", mode=ConversationMode.BOT, flow_slots={}
    )
    session.add(conversation)
    await session.flush()
    conversation.closed_at = conversation.created_at
    return conversation.id
