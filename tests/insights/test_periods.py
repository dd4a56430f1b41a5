"""Whole ISO weeks and calendar months only, published the day after they have ended."""

from __future__ import annotations

from datetime import date

import pytest

from insights.periods import Period, PeriodError, PeriodRange, Unit, last_published


def test_weeks_and_months_parse_from_the_html_input_values():
    week = Period.parse("2026-W48")
    assert (week.unit, week.start, week.end, week.key) == (
        Unit.WEEK,
        date(2026, 11, 23),
        date(2026, 11, 29),
        "2026-W48",
    )
    month = Period.parse("2026-02")
    assert (month.start, month.end, month.key) == (date(2026, 2, 1), date(2026, 2, 28), "2026-02")
    assert Period.parse("2026-W01").start == date(2025, 12, 29)  # ISO week 1 starts in December
    assert Period.parse("2026-12").next().key == "2027-01"


@pytest.mark.parametrize("text", ["2026-11-29", "29/11/2026", "2026-W54", "2026-13", "last week", ""])
def test_anything_but_a_week_or_a_month_is_refused(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_a_period_is_published_once_it_has_ended_plus_a_day():
    week = Period.parse("2026-W48")  # Monday 23 to Sunday 29 November
    assert not week.published(date(2026, 11, 29))
    assert not week.published(date(2026, 11, 30))
    assert week.published(date(2026, 12, 1))
    assert last_published(Unit.WEEK, date(2026, 11, 30)).key == "2026-W47"
    assert last_published(Unit.MONTH, date(2026, 12, 1)).key == "2026-10"
    assert last_published(Unit.MONTH, date(2026, 12, 2)).key == "2026-11"


def test_runs_of_periods():
    run = PeriodRange.parse("2026-W47", "2027-W02")  # 2026 has 53 ISO weeks
    assert len(run.periods) == 9 and run.key == "2026-W47/2027-W02"
    assert run.previous().last.key == "2026-W46" and len(run.previous().periods) == 9
    default = PeriodRange.default(date(2026, 12, 2))
    assert default.last.key == "2026-W48" and len(default.periods) == 13
    assert PeriodRange.default(date(2026, 12, 2), Unit.MONTH).first.key == "2025-12"
    with pytest.raises(PeriodError):
        PeriodRange.parse("2026-W40", "2026-11")
    with pytest.raises(PeriodError):
        PeriodRange.parse("2026-11", "2026-10")
    with pytest.raises(PeriodError):
        PeriodRange.parse("2020-01", "2026-01")
    with pytest.raises(PeriodError):
        PeriodRange.parse("2026-W49").check_published(date(2026, 12, 2))
