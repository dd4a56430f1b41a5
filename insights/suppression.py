"""Small-cell suppression: no published count may single out a handful of people.

Pure functions over plain integers, used by every view and export (never by storage).

The rule, for a table of counts with row and column totals:

1. **Primary**: a count with ``0 < count < k`` is hidden and shown as ``"<k"``. Zero is shown: an
   empty cell describes nobody.
2. **Complementary**: a row or column that has exactly one hidden entry (cell or total) could be
   solved by subtraction from its total (so could hidden small cells whose known sum splits only
   one way, e.g. two cells summing to 2), so another entry of that line is hidden too: the smallest
   positive visible cell (else the smallest visible cell, else the line's total). It is shown as
   ``"x"``, not ``"<k"``, because its true value may be large. This repeats until no line has
   exactly one hidden entry, so hiding a complement never opens a new hole.
3. **Totals** are computed from the true counts; they are lines' entries like any other, so a total
   below ``k`` is hidden and a total that would reveal a hidden cell is never left alone with it.

A one-dimensional series (languages, channels) is the same with one line: its cells and its total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_K = 10
COMPLEMENT_MARK = "x"


class Hidden(StrEnum):
    SMALL = "small"  # below k
    COMPLEMENT = "complement"  # hidden so that a small count elsewhere cannot be worked out


@dataclass(frozen=True, slots=True)
class Shown:
    """A count as it may be published: the value, or None and why it is hidden."""

    value: int | None
    hidden: Hidden | None = None

    @property
    def suppressed(self) -> bool:
        return self.hidden is not None

    def display(self, k: int) -> str:
        if self.hidden is Hidden.SMALL:
            return f"<{k}"
        if self.hidden is Hidden.COMPLEMENT:
            return COMPLEMENT_MARK
        return str(self.value)

    def export_value(self, k: int) -> int | str:
        """Integer when visible, the marker string when hidden (CSV and JSON)."""
        return self.value if self.value is not None else self.display(k)


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    cells: list[list[Shown]]  # [row][column]
    row_totals: list[Shown]
    column_totals: list[Shown]
    total: Shown


@dataclass(frozen=True, slots=True)
class SuppressedSeries:
    cells: list[Shown]
    total: Shown


def is_small(count: int, k: int) -> bool:
    return 0 < count < k


def suppress_series(counts: Sequence[int], k: int = DEFAULT_K) -> SuppressedSeries:
    """One line of counts and its total."""
    table = suppress_table([list(counts)], k, with_column_totals=False)
    return SuppressedSeries(cells=table.cells[0], total=table.row_totals[0])


def suppress_table(
    counts: Sequence[Sequence[int]], k: int = DEFAULT_K, *, with_column_totals: bool = True
) -> SuppressedTable:
    """Suppress a rows x columns table with its row totals, column totals and grand total.

    The table is extended by one column (row totals) and, unless ``with_column_totals`` is False,
    one row (column totals, with the grand total in the corner); every line of that extended table
    sums to its last entry, so the same complementary rule protects cells and totals alike.
    """
    _check(counts, k)
    if not with_column_totals and len(counts) != 1:
        raise ValueError("a table without column totals must have exactly one row")
    rows = [list(r) for r in counts]
    n_cols = len(rows[0]) if rows else 0
    grid = [[*r, sum(r)] for r in rows]
    if with_column_totals:
        grid.append([sum(col) for col in zip(*grid, strict=True)] if grid else [0])
    hidden = _protect(grid, k, n_data_rows=len(rows), n_data_cols=n_cols)

    def shown(i: int, j: int) -> Shown:
        why = hidden.get((i, j))
        return Shown(None, why) if why else Shown(grid[i][j])

    cells = [[shown(i, j) for j in range(n_cols)] for i in range(len(rows))]
    row_totals = [shown(i, n_cols) for i in range(len(rows))]
    if with_column_totals:
        last = len(rows)
        column_totals = [shown(last, j) for j in range(n_cols)]
        total = shown(last, n_cols)
    else:
        column_totals = []
        total = row_totals[0]
    return SuppressedTable(cells, row_totals, column_totals, total)


def _check(counts: Sequence[Sequence[int]], k: int) -> None:
    if k < 1:
        raise ValueError("k must be at least 1")
    widths = {len(r) for r in counts}
    if len(widths) > 1:
        raise ValueError("every row needs the same number of columns")
    for row in counts:
        for value in row:
            if value < 0:
                raise ValueError("counts cannot be negative")


def _protect(
    grid: list[list[int]], k: int, *, n_data_rows: int, n_data_cols: int
) -> dict[tuple[int, int], Hidden]:
    """Primary then complementary suppression on the extended grid; returns the hidden positions."""
    hidden: dict[tuple[int, int], Hidden] = {}
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if is_small(value, k):
                hidden[(i, j)] = Hidden.SMALL
    n_rows = len(grid)
    n_cols = len(grid[0]) if grid else 0
    lines = [[(i, j) for j in range(n_cols)] for i in range(n_rows)]
    if n_rows > 1:  # a single line has no perpendicular lines to protect
        lines += [[(i, j) for i in range(n_rows)] for j in range(n_cols)]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if not _exposed(grid, line, hidden, k):
                continue
            pick = _complement(grid, line, hidden, n_data_rows, n_data_cols)
            if pick is not None:
                hidden[pick] = Hidden.COMPLEMENT
                changed = True
    return hidden


def _exposed(
    grid: list[list[int]], line: list[tuple[int, int]], hidden: dict[tuple[int, int], Hidden], k: int
) -> bool:
    """Can a hidden entry of this line be worked out from the visible ones?

    One hidden entry: by subtraction. Several hidden small cells whose sum (known from the visible
    total) is only possible one way: all 1 or all k-1, since each "<k" is known to be 1..k-1.
    """
    lost = [pos for pos in line if pos in hidden]
    if len(lost) == 1:
        return True
    if not lost or any(hidden[pos] is not Hidden.SMALL for pos in lost) or line[-1] in hidden:
        return False
    total = sum(grid[i][j] for i, j in lost)
    return total in (len(lost), len(lost) * (k - 1))


def _complement(
    grid: list[list[int]],
    line: list[tuple[int, int]],
    hidden: dict[tuple[int, int], Hidden],
    n_data_rows: int,
    n_data_cols: int,
) -> tuple[int, int] | None:
    """The entry to hide next to a lone hidden one: smallest positive cell, any cell, then a total."""
    visible = [pos for pos in line if pos not in hidden]
    cells = [p for p in visible if p[0] < n_data_rows and p[1] < n_data_cols]
    totals = [p for p in visible if p not in cells]
    positive = [p for p in cells if grid[p[0]][p[1]] > 0]
    for candidates in (positive, cells, totals):
        if candidates:
            return min(candidates, key=lambda p: (grid[p[0]][p[1]], p))
    return None
