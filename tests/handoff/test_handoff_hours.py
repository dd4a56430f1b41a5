"""Office hours in Asia/Jakarta time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handoff.hours import JAKARTA, OfficeHours

# 2026-11-30 is a Monday.
MONDAY_0759 = datetime(2026, 11, 30, 7, 59, tzinfo=JAKARTA)


def test_weekday_schedule_in_jakarta_time() -> None:
    hours = OfficeHours.parse("mon-fri 08:00-20:00; sat 09:00-14:00")
    assert not hours.is_open(MONDAY_0759)
    assert hours.is_open(MONDAY_0759.replace(minute=0, hour=8))
    assert not hours.is_open(MONDAY_0759.replace(hour=20, minute=0))
    # 01:00 UTC is 08:00 in Jakarta (UTC+7).
    assert hours.is_open(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))
    assert hours.next_open(MONDAY_0759) == MONDAY_0759.replace(hour=8, minute=0)


def test_next_open_skips_closed_days() -> None:
    hours = OfficeHours.parse("mon-fri 08:00-20:00; sat 09:00-14:00")
    saturday_evening = datetime(2026, 12, 5, 15, 0, tzinfo=JAKARTA)
    assert hours.next_open(saturday_evening) == datetime(2026, 12, 7, 8, 0, tzinfo=JAKARTA)


def test_always_open_and_wrapping_days() -> None:
    assert OfficeHours.parse("mon-sun 00:00-24:00").is_open(MONDAY_0759)
    weekend = OfficeHours.parse("sat-mon 10:00-12:00")
    assert weekend.is_open(MONDAY_0759.replace(hour=11))
    assert not weekend.is_open(datetime(2026, 12, 1, 11, 0, tzinfo=JAKARTA))  # Tuesday


@pytest.mark.parametrize("spec", ["", "mon 8-9", "funday 08:00-09:00", "mon 10:00-09:00", "mon 08:00-25:00"])
def test_bad_schedules_are_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        OfficeHours.parse(spec)
