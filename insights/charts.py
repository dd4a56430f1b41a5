"""Hand-written SVG charts, drawn on the server: no JavaScript, no CDN, printable as they are.

Charts receive only published (suppressed) values. A hidden count is never drawn to scale: it
appears as a hatched stub labelled with its marker, so the picture reveals no more than the table.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies, and in greyscale print.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
OTHER_COLOUR = "#B8B8B8"
HALF_WIDTH = 600  # viewBox widths close to the drawn size, so text keeps one size on screen
FULL_WIDTH = 1200
_ids = itertools.count(1)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int | None  # None: hidden
    display: str  # what to print: "1.234", "<10", "x"


@dataclass(frozen=True, slots=True)
class StackSeries:
    label: str
    colour: str
    values: list[int | None]  # one per column; None: hidden, not drawn


def nice_max(value: float) -> float:
    """The smallest "round" number at or above ``value`` whose quarters are round too (axis ticks)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _ticks(top: float, count: int = 4) -> list[float]:
    return [top * i / count for i in range(count + 1)]


def _hatch(pattern_id: str) -> str:
    return (
        f'<defs><pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#777" stroke-width="2"/></pattern></defs>'
    )


def _open(width: int, height: int, title: str, description: str) -> str:
    chart_id = next(_ids)
    size = "full" if width >= FULL_WIDTH else "half"
    return (
        f'<svg class="chart {size}" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="chart-t{chart_id} chart-d{chart_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-t{chart_id}">{escape(title)}</title>'
        f'<desc id="chart-d{chart_id}">{escape(description)}</desc>'
    )


def horizontal_bars(
    bars: Sequence[Bar], *, title: str, description: str, colour: str = PALETTE[0], width: int = HALF_WIDTH
) -> Markup:
    """One bar per item, longest first as given; hidden items show a hatched stub and their marker."""
    label_w, row_h, top = 190, 26, 8
    height = top + row_h * max(len(bars), 1) + 8
    plot_w = width - label_w - 70
    biggest = max((b.value for b in bars if b.value is not None), default=0)
    scale = plot_w / nice_max(biggest) if biggest else 0
    pattern = f"hatch{next(_ids)}"
    parts = [_open(width, height, title, description), _hatch(pattern)]
    for i, bar in enumerate(bars):
        y = top + i * row_h
        parts.append(
            f'<text class="label" x="{label_w - 8}" y="{y + row_h / 2 + 4}" text-anchor="end">'
            f"{escape(bar.label)}</text>"
        )
        if bar.value is None:
            parts.append(
                f'<rect x="{label_w}" y="{y + 5}" width="14" height="{row_h - 10}" fill="url(#{pattern})" '
                f'stroke="#777"/><text class="value" x="{label_w + 20}" y="{y + row_h / 2 + 4}">'
                f"{escape(bar.display)}</text>"
            )
            continue
        w = bar.value * scale
        parts.append(
            f'<rect x="{label_w}" y="{y + 5}" width="{w:.1f}" height="{row_h - 10}" fill="{colour}"/>'
            f'<text class="value" x="{label_w + w + 6:.1f}" y="{y + row_h / 2 + 4}">'
            f"{escape(bar.display)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text inside went through escape()


def paired_bars(
    items: Sequence[tuple[str, Bar, Bar]],
    *,
    legend: tuple[str, str],
    title: str,
    description: str,
    width: int = HALF_WIDTH,
) -> Markup:
    """Two bars per item (this period, previous period), sharing one scale."""
    label_w, pair_h, top = 190, 34, 30
    height = top + pair_h * max(len(items), 1) + 6
    plot_w = width - label_w - 70
    values = [b.value for _, a, p in items for b in (a, p) if b.value is not None]
    scale = plot_w / nice_max(max(values, default=0)) if values else 0
    pattern = f"hatch{next(_ids)}"
    colours = (PALETTE[0], "#9DB9D3")
    parts = [_open(width, height, title, description), _hatch(pattern)]
    for n, (name, colour) in enumerate(zip(legend, colours, strict=True)):
        x = label_w + n * 200
        parts.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text class="legend" x="{x + 18}" y="16">{escape(name)}</text>'
        )
    for i, (label, now, before) in enumerate(items):
        y = top + i * pair_h
        parts.append(
            f'<text class="label" x="{label_w - 8}" y="{y + pair_h / 2 + 2}" text-anchor="end">'
            f"{escape(label)}</text>"
        )
        for n, (bar, colour) in enumerate(zip((now, before), colours, strict=True)):
            by = y + 3 + n * 14
            if bar.value is None:
                parts.append(
                    f'<rect x="{label_w}" y="{by}" width="12" height="12" fill="url(#{pattern})" '
                    'stroke="#777"/>'
                    f'<text class="value" x="{label_w + 18}" y="{by + 10}">{escape(bar.display)}</text>'
                )
                continue
            w = bar.value * scale
            parts.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="12" fill="{colour}"/>'
                f'<text class="value" x="{label_w + w + 5:.1f}" y="{by + 10}">{escape(bar.display)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text inside went through escape()


def stacked_columns(
    columns: Sequence[str],
    series: Sequence[StackSeries],
    *,
    title: str,
    description: str,
    number_format: Callable[[int], str] = str,
    column_markers: Sequence[str | None] = (),
    width: int = FULL_WIDTH,
) -> Markup:
    """Columns (weeks) of stacked segments with a legend; a column whose total is hidden shows its marker."""
    left, right, top, bottom = 56, 12, 12, 44
    legend_columns = 4 if width >= 1000 else 2
    legend_rows = math.ceil(len(series) / legend_columns)
    plot_h = 300 if width >= 1000 else 190
    height = top + plot_h + bottom + legend_rows * 20 + 8
    plot_w = width - left - right
    sums = [sum(s.values[j] or 0 for s in series) for j in range(len(columns))]
    top_value = nice_max(max(sums, default=0))
    scale = plot_h / top_value
    slot = plot_w / max(len(columns), 1)
    bar_w = max(min(slot * 0.72, 48), 2)
    parts = [_open(width, height, title, description)]
    for tick in _ticks(top_value):
        y = top + plot_h - tick * scale
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="axis" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(number_format(round(tick)))}</text>"
        )
    label_every = max(1, math.ceil(52 / slot))  # a date label needs about 52 units
    for j, column in enumerate(columns):
        x = left + j * slot + (slot - bar_w) / 2
        y = top + plot_h
        for s in series:
            value = s.values[j]
            if not value:
                continue
            h = value * scale
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{s.colour}"/>'
            )
        marker = column_markers[j] if j < len(column_markers) else None
        if marker:
            parts.append(
                f'<text class="value" x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{escape(marker)}</text>'
            )
        if j % label_every == 0:
            parts.append(
                f'<text class="axis" x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{escape(column)}</text>"
            )
    parts.append(
        f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>'
    )
    legend_top = top + plot_h + 30
    for n, s in enumerate(series):
        x = left + (n % legend_columns) * (plot_w / legend_columns)
        y = legend_top + (n // legend_columns) * 20
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{s.colour}"/>'
            f'<text class="legend" x="{x + 18:.1f}" y="{y + 10}">{escape(s.label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text inside went through escape()
