"""What the dashboard page shows, built from a suppressed report: charts (SVG) and their tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date as babel_format_date
from markupsafe import Markup

from insights import charts
from insights.labels import label
from insights.periods import Period, Unit
from insights.report import HandoffTimes, Report, Section
from insights.suppression import Shown
from locales import N_, format_date, format_number, translate

TOP_THEMES_IN_CHART = 7  # more colours than this cannot be told apart; the rest stack as "other"


@dataclass(frozen=True, slots=True)
class TableView:
    caption: str
    header: list[str]
    rows: list[tuple[str, list[str]]]
    footer: list[tuple[str, list[str]]] = field(default_factory=list)  # totals


@dataclass(frozen=True, slots=True)
class Panel:
    key: str
    title: str
    note: str
    chart: Markup | None
    table: TableView
    wide: bool = False


@dataclass(frozen=True, slots=True)
class KeyFigure:
    title: str
    value: str
    note: str


class PageText:
    """Translation and number formatting for one dashboard language."""

    def __init__(self, lang: str, k: int) -> None:
        self.lang, self.k = lang, k

    def __call__(self, msgid: str, **params: object) -> str:
        return translate(self.lang, msgid, **params)

    def count(self, shown: Shown) -> str:
        return shown.display(self.k) if shown.suppressed else format_number(shown.value or 0, self.lang)

    def number(self, value: float) -> str:
        return format_number(value, self.lang)

    def minutes(self, value: float | None) -> str:
        return "—" if value is None else format_number(round(value, 1), self.lang)

    def period(self, key: str) -> str:
        """A week by its Monday ("23 Nov"), a month by name ("Nov 2026")."""
        period = Period.parse(key)
        pattern = "d MMM" if period.unit is Unit.WEEK else "MMM yyyy"
        return babel_format_date(period.start, pattern, locale=self.lang)

    def day(self, value: date) -> str:
        return format_date(value, self.lang)


def _bar(t: PageText, name: str, shown: Shown) -> charts.Bar:
    return charts.Bar(name, shown.value, t.count(shown))


def _series_table(t: PageText, section: Section, caption: str, first_header: str) -> TableView:
    rows = [
        (label(section.row_dimension, key, t.lang), [t.count(section.table.cells[i][0])])
        for i, key in enumerate(section.rows)
    ]
    return TableView(
        caption, [first_header, t(N_("Count"))], rows, [(t(N_("Total")), [t.count(section.table.total)])]
    )


def series_panel(t: PageText, section: Section, title: str, first_header: str, note: str = "") -> Panel:
    bars = [
        _bar(t, label(section.row_dimension, key, t.lang), section.table.cells[i][0])
        for i, key in enumerate(section.rows)
    ]
    chart = charts.horizontal_bars(
        bars, title=title, description=t(N_("Bar chart; the table below has the same figures."))
    )
    return Panel(
        section.key, title, note, chart if bars else None, _series_table(t, section, title, first_header)
    )


def themes_by_period_panel(t: PageText, section: Section, unit: Unit) -> Panel:
    week = unit is Unit.WEEK
    title = t(N_("Themes over time, per week")) if week else t(N_("Themes over time, per month"))
    table = section.table
    top = section.rows[:TOP_THEMES_IN_CHART]
    series = [
        charts.StackSeries(
            label("theme", key, t.lang),
            charts.PALETTE[n % len(charts.PALETTE)],
            [c.value for c in table.cells[n]],
        )
        for n, key in enumerate(top)
    ]
    # "Other" is each period's total (a sum of published cells) minus the drawn segments: the sum
    # of the other themes' published cells, so it reveals nothing the table does not.
    other = []
    for j, total in enumerate(table.column_totals):
        drawn = sum(table.cells[n][j].value or 0 for n in range(len(top)))
        other.append(None if total.value is None else total.value - drawn)
    if len(section.rows) > len(top) or any(
        table.cells[n][j].suppressed for n in range(len(top)) for j in range(len(section.columns))
    ):
        series.append(charts.StackSeries(t(N_("Other themes and hidden counts")), charts.OTHER_COLOUR, other))
    chart = (
        charts.stacked_columns(
            [t.period(w) for w in section.columns],
            series,
            title=title,
            description=t(N_("Stacked columns, one per period; the table below has the same figures.")),
            number_format=t.number,
            column_markers=[t.count(c) if c.suppressed else None for c in table.column_totals],
        )
        if section.rows
        else None
    )
    header = [t(N_("Theme")), *(t.period(w) for w in section.columns), t(N_("Total"))]
    rows = [
        (label("theme", key, t.lang), [*(t.count(c) for c in table.cells[i]), t.count(table.row_totals[i])])
        for i, key in enumerate(section.rows)
    ]
    footer = [(t(N_("All themes")), [*(t.count(c) for c in table.column_totals), t.count(table.total)])]
    note = t(
        N_(
            "Whole weeks (Monday to Sunday, Jakarta time) or months only; each total is the sum of the figures in its row or column."
        )
    )
    return Panel(section.key, title, note, chart, TableView(title, header, rows, footer), wide=True)


def compare_panel(t: PageText, section: Section, report: Report) -> Panel:
    title = t(N_("Top themes: this period against the previous one"))
    now_name = t(N_("This period"))
    before_name = t(N_("Previous period"))
    items = [
        (
            label("theme", key, t.lang),
            _bar(t, "", section.table.cells[i][0]),
            _bar(t, "", section.table.cells[i][1]),
        )
        for i, key in enumerate(section.rows)
    ]
    chart = (
        charts.paired_bars(
            items[:10],
            legend=(now_name, before_name),
            title=title,
            description=t(N_("Paired bars for the ten most asked themes; the table below lists all.")),
        )
        if items
        else None
    )
    rows = [
        (
            name,
            [
                t.count(section.table.cells[i][0]),
                t.count(section.table.cells[i][1]),
                _change(section.table.cells[i][0], section.table.cells[i][1], t),
            ],
        )
        for i, (name, *_) in enumerate(items)
    ]
    totals = section.table.column_totals
    footer = [
        (t(N_("All themes")), [t.count(totals[0]), t.count(totals[1]), _change(totals[0], totals[1], t)])
    ]
    header = [t(N_("Theme")), now_name, before_name, t(N_("Change"))]
    note = t(
        N_("Previous period: {start} to {end}."),
        start=t.day(report.previous.start),
        end=t.day(report.previous.end),
    )
    return Panel(section.key, title, note, chart, TableView(title, header, rows, footer))


def _change(now: Shown, before: Shown, t: PageText) -> str:
    if now.value is None or before.value is None or before.value == 0:
        return "—"
    percent = round(100 * (now.value - before.value) / before.value)
    return f"{'+' if percent > 0 else ''}{t.number(percent)} %"


def urgent_panel(t: PageText, section: Section, unit: Unit) -> Panel:
    title = t(N_("Urgent cases per week")) if unit is Unit.WEEK else t(N_("Urgent cases per month"))
    cells = [c[0] for c in section.table.cells]
    chart = (
        charts.stacked_columns(
            [t.period(w) for w in section.rows],
            [charts.StackSeries(t(N_("Urgent")), charts.PALETTE[5], [c.value for c in cells])],
            title=title,
            description=t(N_("Columns, one per period; the table below has the same figures.")),
            number_format=t.number,
            column_markers=[t.count(c) if c.suppressed else None for c in cells],
            width=charts.HALF_WIDTH,
        )
        if section.rows
        else None
    )
    rows = [(t.period(w), [t.count(c)]) for w, c in zip(section.rows, cells, strict=True)]
    first = t(N_("Week of")) if unit is Unit.WEEK else t(N_("Month"))
    table = TableView(
        title, [first, t(N_("Urgent"))], rows, [(t(N_("Total")), [t.count(section.table.total)])]
    )
    note = t(N_("Messages the bot judged as danger now (confinement, violence, threats, self-harm)."))
    return Panel(section.key, title, note, chart, table)


def handoff_panel(t: PageText, times: list[HandoffTimes]) -> Panel:
    title = t(N_("Time until staff answered (minutes)"))
    header = [
        t(N_("Tickets")),
        t(N_("Count")),
        t(N_("Median to claim")),
        t(N_("90th percentile to claim")),
        t(N_("Median to first reply")),
        t(N_("90th percentile to first reply")),
    ]
    rows = [
        (
            label("priority", h.key, t.lang),
            [
                t.count(h.tickets),
                t.minutes(h.median_to_claim),
                t.minutes(h.p90_to_claim),
                t.minutes(h.median_to_first_reply),
                t.minutes(h.p90_to_first_reply),
            ],
        )
        for h in times
    ]
    items = []
    for h in times[:2]:
        name = label("priority", h.key, t.lang)
        for what, median, p90 in (
            (t(N_("to claim")), h.median_to_claim, h.p90_to_claim),
            (t(N_("to first reply")), h.median_to_first_reply, h.p90_to_first_reply),
        ):
            items.append((f"{name}: {what}", _minutes_bar(t, median), _minutes_bar(t, p90)))
    chart = charts.paired_bars(
        items,
        legend=(t(N_("Median")), t(N_("90th percentile"))),
        title=title,
        description=t(N_("Paired bars; the table below has the same figures.")),
    )
    note = t(
        N_(
            "From the tickets opened in the periods. A time is shown only when the ticket count shown is at least {k} and at least {k} tickets had one."
        ),
        k=t.k,
    )
    return Panel("handoff_times", title, note, chart, TableView(title, header, rows), wide=True)


def _minutes_bar(t: PageText, minutes: float | None) -> charts.Bar:
    if minutes is None:
        return charts.Bar("", None, "—")
    return charts.Bar("", round(minutes), t.minutes(minutes))


def key_figures(t: PageText, report: Report) -> list[KeyFigure]:
    compare = report.themes_compare.table.column_totals
    urgent = report.urgent_by_period.table.total
    all_tickets = report.handoff_times[-1] if report.handoff_times else None
    urgent_tickets = report.handoff_times[0] if report.handoff_times else None
    return [
        KeyFigure(
            t(N_("Questions answered")),
            t.count(compare[0]),
            t(N_("previous period: {count}"), count=t.count(compare[1])),
        ),
        KeyFigure(t(N_("Urgent cases")), t.count(urgent), t(N_("messages judged as danger now"))),
        KeyFigure(
            t(N_("Handed to staff")),
            t.count(all_tickets.tickets) if all_tickets else "0",
            t(N_("tickets opened")),
        ),
        KeyFigure(
            t(N_("Urgent: median minutes to claim")),
            t.minutes(urgent_tickets.median_to_claim) if urgent_tickets else "—",
            t(
                N_("90th percentile: {minutes}"),
                minutes=t.minutes(urgent_tickets.p90_to_claim) if urgent_tickets else "—",
            ),
        ),
    ]


def panels(t: PageText, report: Report) -> list[Panel]:
    return [
        themes_by_period_panel(t, report.themes_by_period, report.filter.unit),
        compare_panel(t, report.themes_compare, report),
        urgent_panel(t, report.urgent_by_period, report.filter.unit),
        series_panel(t, report.languages, t(N_("Languages")), t(N_("Language"))),
        series_panel(t, report.channels, t(N_("Channels")), t(N_("Channel"))),
        series_panel(
            t,
            report.job_offer_risk,
            t(N_("Job-offer checks: risk level")),
            t(N_("Risk level")),
            t(N_("Outcome of the warning-sign scan of a pasted job offer.")),
        ),
        series_panel(
            t,
            report.agency_check,
            t(N_("Agency checks: result")),
            t(N_("Result")),
            t(N_("Outcome of looking an agency up in the official list.")),
        ),
        handoff_panel(t, report.handoff_times),
    ]
