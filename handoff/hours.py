"""When staff answer: a weekly schedule in Asia/Jakarta time, e.g. "mon-fri 08:00-20:00; sat 09:00-14:00".

Out of hours the user is given the 24-hour numbers at once and the ticket waits in the queue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(
    r"^(?P<first>[a-z]{3})(?:-(?P<last>[a-z]{3}))?\s+(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})$"
)


@dataclass(frozen=True, slots=True)
class Window:
    days: frozenset[int]  # 0 = Monday
    start: int  # minutes after midnight
    end: int  # exclusive; 1440 means midnight at the end of the day


def _minutes(text: str, *, allow_24: bool) -> int:
    hours, minutes = (int(p) for p in text.split(":"))
    value = hours * 60 + minutes
    if minutes > 59 or value > 24 * 60 or (value == 24 * 60 and not allow_24):
        raise ValueError(f"bad time {text!r}")
    return value


def _days(first: str, last: str | None) -> frozenset[int]:
    if first not in DAYS or (last is not None and last not in DAYS):
        raise ValueError(f"unknown day in {first}-{last}; use {', '.join(DAYS)}")
    a, b = DAYS.index(first), DAYS.index(last or first)
    if b < a:  # "sat-mon" wraps over the week end
        return frozenset([*range(a, 7), *range(b + 1)])
    return frozenset(range(a, b + 1))


class OfficeHours:
    def __init__(self, windows: list[Window], spec: str) -> None:
        self.windows = windows
        self.spec = spec

    @classmethod
    def parse(cls, spec: str) -> OfficeHours:
        """Parse the HELPLINE_HANDOFF_HOURS format; ValueError names the bad part."""
        windows = []
        for part in (p.strip().lower() for p in spec.split(";")):
            if not part:
                continue
            match = _RULE.match(part)
            if not match:
                raise ValueError(f"cannot read {part!r}; write e.g. 'mon-fri 08:00-20:00'")
            start = _minutes(match["start"], allow_24=False)
            end = _minutes(match["end"], allow_24=True)
            if end <= start:
                raise ValueError(f"{part!r} ends before it starts")
            windows.append(Window(_days(match["first"], match["last"]), start, end))
        if not windows:
            raise ValueError("no opening hours given")
        return cls(windows, spec)

    def is_open(self, when: datetime) -> bool:
        local = when.astimezone(JAKARTA)
        minute = local.hour * 60 + local.minute
        return any(local.weekday() in w.days and w.start <= minute < w.end for w in self.windows)

    def next_open(self, when: datetime) -> datetime:
        """The next moment staff answer (``when`` itself if open now)."""
        if self.is_open(when):
            return when
        local = when.astimezone(JAKARTA).replace(second=0, microsecond=0)
        midnight = local.replace(hour=0, minute=0)
        best: datetime | None = None
        for offset in range(8):
            day = midnight + timedelta(days=offset)
            for w in self.windows:
                if day.weekday() not in w.days:
                    continue
                candidate = day + timedelta(minutes=w.start)
                if candidate > local and (best is None or candidate < best):
                    best = candidate
            if best is not None:
                return best
        raise ValueError("schedule never opens")  # parse() guarantees at least one window
