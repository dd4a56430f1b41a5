"""The only periods insights publish: whole ISO weeks or whole calendar months that have ended.

Arbitrary dates are never counted: two overlapping date ranges would subtract to the count of
the days where they differ. A period is published once it has ended plus :data:`LAG` (a week on
the Tuesday after its Sunday, a month on the 2nd of the next month), so its counts no longer
change and watching an export cannot show a contact as it happens. Longer spans ("last 12
weeks", a quarter, a year) are runs of these periods, and their figures are sums of the
periods' published figures (``insights/report.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

LAG = timedelta(days=1)  # a period is published this long after its last day has ended
MAX_PERIODS = {"week": 160, "month": 37}  # about three years
DEFAULT_COUNT = {"week": 13, "month": 12}  # a quarter of weeks, a year of months
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Unit(StrEnum):
    WEEK = "week"
    MONTH = "month"


class PeriodError(ValueError):
    """A period that cannot be published; the message says why and what to ask for instead."""


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """One ISO week (Monday..Sunday) or one calendar month, in Jakarta days."""

    start: date
    unit: Unit

    @property
    def end(self) -> date:
        if self.unit is Unit.WEEK:
            return self.start + timedelta(days=6)
        return _add_months(self.start, 1) - timedelta(days=1)

    @property
    def key(self) -> str:
        """``2026-W48`` or ``2026-11`` (the values of HTML week and month inputs)."""
        if self.unit is Unit.WEEK:
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return f"{self.start.year}-{self.start.month:02d}"

    def next(self) -> Period:
        if self.unit is Unit.WEEK:
            return Period(self.start + timedelta(weeks=1), self.unit)
        return Period(_add_months(self.start, 1), self.unit)

    def shifted(self, n: int) -> Period:
        if self.unit is Unit.WEEK:
            return Period(self.start + timedelta(weeks=n), self.unit)
        return Period(_add_months(self.start, n), self.unit)

    def published(self, today: date) -> bool:
        return today > self.end + LAG

    @classmethod
    def containing(cls, day: date, unit: Unit) -> Period:
        if unit is Unit.WEEK:
            return cls(day - timedelta(days=day.weekday()), unit)
        return cls(day.replace(day=1), unit)

    @classmethod
    def parse(cls, text: str) -> Period:
        text = text.strip()
        if m := _WEEK.match(text):
            try:
                return cls(date.fromisocalendar(int(m[1]), int(m[2]), 1), Unit.WEEK)
            except ValueError:
                raise PeriodError(f"{text} is not an ISO week") from None
        if m := _MONTH.match(text):
            if not 1 <= int(m[2]) <= 12:
                raise PeriodError(f"{text} is not a month")
            return cls(date(int(m[1]), int(m[2]), 1), Unit.MONTH)
        raise PeriodError(
            "choose whole ISO weeks (like 2026-W48) or whole months (like 2026-11); "
            "figures for arbitrary dates are not published"
        )


def last_published(unit: Unit, today: date) -> Period:
    period = Period.containing(today, unit)
    while not period.published(today):
        period = period.shifted(-1)
    return period


@dataclass(frozen=True, slots=True)
class PeriodRange:
    """A run of whole periods of one unit, ``first`` to ``last`` inclusive."""

    first: Period
    last: Period

    def __post_init__(self) -> None:
        if self.first.unit is not self.last.unit:
            raise PeriodError("the first and last period must both be weeks or both be months")
        if self.last < self.first:
            raise PeriodError("the last period is before the first one")
        if len(self.periods) > MAX_PERIODS[self.unit]:
            raise PeriodError(f"choose at most {MAX_PERIODS[self.unit]} {self.unit}s")

    @property
    def unit(self) -> Unit:
        return self.first.unit

    @property
    def periods(self) -> list[Period]:
        result, period = [], self.first
        while period <= self.last:
            result.append(period)
            period = period.next()
        return result

    @property
    def start(self) -> date:
        return self.first.start

    @property
    def end(self) -> date:
        return self.last.end

    @property
    def key(self) -> str:
        return self.first.key if self.first == self.last else f"{self.first.key}/{self.last.key}"

    def previous(self) -> PeriodRange:
        """The same number of periods just before this run ("this period against the last")."""
        n = len(self.periods)
        return PeriodRange(self.first.shifted(-n), self.first.shifted(-1))

    def check_published(self, today: date) -> None:
        if not self.last.published(today):
            latest = last_published(self.unit, today)
            raise PeriodError(
                f"{self.last.key} is not published yet: a {self.unit} is published the day after it "
                f"has ended (the latest is {latest.key})"
            )

    @classmethod
    def parse(cls, first: str, last: str | None = None) -> PeriodRange:
        start = Period.parse(first)
        return cls(start, Period.parse(last) if last else start)

    @classmethod
    def default(cls, today: date, unit: Unit = Unit.WEEK) -> PeriodRange:
        """The latest published periods: 13 weeks or 12 months."""
        last = last_published(unit, today)
        return cls(last.shifted(1 - DEFAULT_COUNT[unit]), last)


def _add_months(day: date, n: int) -> date:
    months = day.year * 12 + day.month - 1 + n
    return date(months // 12, months % 12 + 1, 1)
