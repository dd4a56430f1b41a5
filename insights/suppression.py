"""Small-cell protection that survives differencing: every published count is a multiple of k.

Pure functions over plain integers, used by every view and export (never by storage).

The rule (``k`` is ``HELPLINE_SUPPRESSION_K``, default 10):

1. **A base cell** is the count of one whole published week or month for one item (a theme, a
   language, an outcome...) under one filter combination. It is published as ``"<k"`` when the
   count is below ``k`` (zero included: 0 and 1..k-1 look the same), and otherwise rounded to the
   nearest multiple of ``k`` (halves up), so 10..14 -> 10, 15..24 -> 20.
2. **Everything else is a sum of published base cells**, never a new count: totals and margins
   of a table, a theme over a run of weeks, a quarter of months. A ``"<k"`` adds 0; a sum whose
   every part is ``"<k"`` is ``"<k"`` itself.

So every published number is ``"<k"`` or a multiple of ``k`` that is at least ``k``, and the
difference of any two published numbers (overlapping periods, a filtered and an unfiltered
figure, a total and its visible cells) is a multiple of ``k``: never a value from 1 to k-1.
A total minus its visible cells is exactly the sum of its hidden cells' published zeros.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

DEFAULT_K = 10


class Hidden(StrEnum):
    SMALL = "small"  # below k (a base cell), or a sum of parts that were all below k


@dataclass(frozen=True, slots=True)
class Shown:
    """A count as it may be published: a multiple of k, or None and why it is hidden."""

    value: int | None
    hidden: Hidden | None = None

    @property
    def suppressed(self) -> bool:
        return self.hidden is not None

    @property
    def published(self) -> int:
        """The value a sum adds: the rounded count, 0 for a hidden one."""
        return self.value or 0

    def display(self, k: int) -> str:
        return f"<{k}" if self.hidden is not None else str(self.value)

    def export_value(self, k: int) -> int | str:
        """Integer when visible, the marker string when hidden (CSV and JSON)."""
        return self.value if self.value is not None else self.display(k)


HIDDEN = Shown(None, Hidden.SMALL)


def publish(count: int, k: int = DEFAULT_K) -> Shown:
    """A base cell: ``"<k"`` below k (0 included), else rounded to the nearest multiple of k."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if count < 0:
        raise ValueError("counts cannot be negative")
    if count < k:
        return HIDDEN
    return Shown((count + k // 2) // k * k)


def total(parts: Iterable[Shown]) -> Shown:
    """The sum of published figures; ``"<k"`` when there is nothing visible to add."""
    value = sum(p.published for p in parts)
    return Shown(value) if value else HIDDEN


@dataclass(frozen=True, slots=True)
class Table:
    """Published cells with margins that are sums of them."""

    cells: list[list[Shown]]  # [row][column]
    row_totals: list[Shown]
    column_totals: list[Shown]
    total: Shown


def table_of(cells: list[list[Shown]], n_columns: int) -> Table:
    """Margins of already-published cells (rows x ``n_columns``), all sums of those cells."""
    row_totals = [total(row) for row in cells]
    column_totals = [total(row[j] for row in cells) for j in range(n_columns)]
    return Table(cells, row_totals, column_totals, total(column_totals))
