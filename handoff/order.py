"""The one dispatch order of open tickets, for every place that needs it.

    urgent tickets first, the riskiest first (``Ticket.risk``, 0-100), then the longest waiting;
    then normal tickets, the longest waiting first (their risk is not used); ties by ticket id.
    Within each priority, tickets of the "possible flood" lane (``Ticket.flood``, handoff/flood.py)
    come after all the others: a real urgent ticket is never behind a flood, a flood-lane urgent
    ticket (perhaps a real person on a flooding address) still before every normal one.

Three forms of the same order, so they can never disagree:

- :func:`queue_score`: one sortable number for the dispatch queues (``handoff.queue.InProcessQueue``
  and the Redis sorted set), so "take next" takes the lowest score;
- :func:`sql_order`: ``ORDER BY`` clauses for the queue page and ``helpline handoff list``;
- :func:`served_before`: the SQL condition "queued tickets served before this one", counted by the
  expected-wait estimate (``handoff.policy``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, literal, or_

from bot.storage.models import Ticket, TicketPriority, TicketStatus

MAX_RISK = 100
# Scores must stay exact in a double (2**53 ~ 9.0e15): priority * 2.02e15 + flood * 1.01e15 + rank * 1e13
# + milliseconds since 1970 (~1.8e12 today, 1e13 only in the year 2286), each part in its own digits.
RISK_STEP = 10_000_000_000_000
FLOOD_STEP = (MAX_RISK + 1) * RISK_STEP
PRIORITY_STEP = 2 * FLOOD_STEP


def clamp_risk(risk: int | None) -> int:
    return max(0, min(MAX_RISK, int(risk or 0)))


def risk_rank(priority: int, risk: int | None) -> int:
    """0 comes first within a priority: urgent tickets by risk, highest first; normal ones all 0."""
    if priority == int(TicketPriority.URGENT):
        return MAX_RISK - clamp_risk(risk)
    return 0


def queue_score(priority: int, created_at: datetime, risk: int | None = 0, flood: bool = False) -> int:
    """The dispatch score (lowest is served first)."""
    return (
        priority * PRIORITY_STEP
        + int(bool(flood)) * FLOOD_STEP
        + risk_rank(priority, risk) * RISK_STEP
        + int(created_at.timestamp() * 1000)
    )


def ticket_score(ticket: Ticket) -> int:
    return queue_score(ticket.priority, ticket.created_at, ticket.risk, bool(ticket.flood))


def _sql_rank() -> Any:
    """:func:`risk_rank` in SQL (portable: no LEAST/GREATEST, which SQLite lacks)."""
    clamped = case(
        (Ticket.risk > MAX_RISK, MAX_RISK),
        (Ticket.risk < 0, 0),
        else_=func.coalesce(Ticket.risk, 0),
    )
    return case((Ticket.priority == int(TicketPriority.URGENT), MAX_RISK - clamped), else_=0)


def sql_order() -> tuple[Any, ...]:
    """``ORDER BY`` for open tickets in dispatch order."""
    return (Ticket.priority, _sql_flood(), _sql_rank(), Ticket.created_at, Ticket.id)


def _sql_flood() -> Any:
    """0 for the ordinary lane, 1 for the flood lane (portable: no boolean ordering)."""
    return case((Ticket.flood.is_(True), 1), else_=0)


def served_before(ticket: Ticket) -> Any:
    """SQL condition: queued tickets that dispatch serves before ``ticket``."""
    rank = _sql_rank()
    lane = _sql_flood()
    mine = risk_rank(ticket.priority, ticket.risk)
    my_lane = int(bool(ticket.flood))
    return and_(
        Ticket.status == TicketStatus.QUEUED,
        Ticket.id != ticket.id,
        or_(
            Ticket.priority < ticket.priority,
            and_(
                Ticket.priority == ticket.priority,
                or_(
                    lane < literal(my_lane),
                    and_(
                        lane == literal(my_lane),
                        or_(
                            rank < literal(mine),
                            # Opened in the same instant: counted as ahead (as the estimate always has).
                            and_(rank == literal(mine), Ticket.created_at <= ticket.created_at),
                        ),
                    ),
                ),
            ),
        ),
    )
