"""Small-cell suppression: primary, complementary, totals, and that nothing hidden can be solved for."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from insights.suppression import COMPLEMENT_MARK, Hidden, Shown, suppress_series, suppress_table

K = 10


def shown_grid(table) -> list[list[str]]:
    """The table as a reader sees it: cells + row totals, then the column totals + grand total."""
    rows = [
        [c.display(K) for c in row] + [t.display(K)]
        for row, t in zip(table.cells, table.row_totals, strict=True)
    ]
    return [*rows, [c.display(K) for c in table.column_totals] + [table.total.display(K)]]


def test_counts_at_or_above_k_and_zero_are_shown():
    table = suppress_table([[10, 0], [25, 40]], K)
    assert shown_grid(table) == [["10", "0", "10"], ["25", "40", "65"], ["35", "40", "75"]]


def test_a_small_count_shows_as_less_than_k():
    assert Shown(None, Hidden.SMALL).display(K) == "<10"
    assert Shown(None, Hidden.SMALL).display(5) == "<5"
    assert Shown(None, Hidden.COMPLEMENT).display(K) == COMPLEMENT_MARK
    assert Shown(12).display(K) == "12"
    assert Shown(None, Hidden.SMALL).export_value(K) == "<10"
    assert Shown(12).export_value(K) == 12


def test_a_lone_small_cell_gets_a_complement_in_its_row_and_its_column():
    # 3 alone in its row and its column would be total - rest; the smallest other cells are hidden too.
    table = suppress_table([[3, 50, 60], [20, 30, 80], [40, 45, 90]], K)
    grid = shown_grid(table)
    assert grid[0][0] == "<10"
    assert grid[0][1] == COMPLEMENT_MARK  # second-smallest of row 0 (50 < 60)
    assert grid[1][0] == COMPLEMENT_MARK  # second-smallest of column 0 (20 < 40)
    # Hiding 50 and 20 left column 1 and row 1 with one hidden cell each: 30 closes both.
    assert grid[1][1] == COMPLEMENT_MARK
    assert grid[2] == ["40", "45", "90", "175"]
    assert grid[3] == ["63", "125", "230", "418"]
    assert [g[-1] for g in grid] == ["113", "130", "175", "418"]


def test_complement_prefers_the_smallest_positive_cell_over_a_zero():
    series = suppress_series([4, 0, 30, 12], K)
    assert [c.display(K) for c in series.cells] == ["<10", "0", "30", COMPLEMENT_MARK]
    assert series.total.display(K) == "46"


def test_series_with_one_cell_hides_the_total_instead():
    series = suppress_series([7], K)
    assert series.cells[0].display(K) == "<10"
    assert series.total.display(K) == "<10"
    series = suppress_series([0, 0], K)
    assert [c.display(K) for c in series.cells] == ["0", "0"]


def test_two_small_cells_in_a_line_need_no_complement():
    series = suppress_series([3, 4, 100], K)
    assert [c.display(K) for c in series.cells] == ["<10", "<10", "100"]
    assert series.total.display(K) == "107"


def test_a_small_total_is_hidden_and_does_not_reveal_through_the_grand_total():
    # Row 0 totals 8 (<k): its cells are small, its total too; the grand total and the other row
    # total would give it away, so a complement is hidden among the row totals' line.
    table = suppress_table([[5, 3], [40, 50]], K)
    grid = shown_grid(table)
    assert grid[0] == ["<10", "<10", "<10"]
    for line in [*grid, *map(list, zip(*grid, strict=True))]:
        assert sum(1 for v in line if not v.isdigit()) != 1, line


def _solvable_cells(counts: list[list[int]], table) -> list[tuple[int, int]]:
    """Hidden small cells whose exact value follows from the published figures.

    An attacker's view as an integer programme: every hidden entry of the extended grid (cells and
    totals) is unknown, "<k" means 1..k-1, "x" means any count, and each row and column must add
    up. A small cell is disclosed when its minimum and maximum over all solutions coincide.
    """
    grid = shown_grid(table)
    full = [[*r, sum(r)] for r in counts]
    full.append([sum(col) for col in zip(*full, strict=True)])
    n, m = len(full), len(full[0])
    unknown = [(i, j) for i in range(n) for j in range(m) if not grid[i][j].isdigit()]
    index = {pos: v for v, pos in enumerate(unknown)}
    rows, rhs = [], []
    lines = [[(i, j) for j in range(m)] for i in range(n)] + [[(i, j) for i in range(n)] for j in range(m)]
    for line in lines:  # cells of a line minus its last entry (the total) equal zero
        coeffs, constant = np.zeros(len(unknown)), 0.0
        for pos, sign in [*((p, 1.0) for p in line[:-1]), (line[-1], -1.0)]:
            if pos in index:
                coeffs[index[pos]] += sign
            else:
                constant += sign * full[pos[0]][pos[1]]
        rows.append(coeffs)
        rhs.append(-constant)
    constraint = LinearConstraint(np.array(rows), rhs, rhs)
    small = [grid[i][j] == f"<{K}" for i, j in unknown]
    bounds = Bounds([1 if s else 0 for s in small], [K - 1 if s else np.inf for s in small])
    disclosed = []
    for pos in unknown:
        if grid[pos[0]][pos[1]] != f"<{K}" or pos[0] == n - 1 or pos[1] == m - 1:
            continue
        c = np.zeros(len(unknown))
        c[index[pos]] = 1
        low = milp(c, constraints=constraint, bounds=bounds, integrality=np.ones(len(unknown)))
        high = milp(-c, constraints=constraint, bounds=bounds, integrality=np.ones(len(unknown)))
        assert low.success and high.success  # the true table is always a solution
        if round(low.fun) == round(-high.fun):
            disclosed.append(pos)
    return disclosed


@pytest.mark.parametrize(
    "counts",
    [
        [[3, 12, 15], [11, 14, 13]],
        [[2, 30], [12, 11]],
        [[1, 1, 12], [10, 11, 13]],
        [[9, 10], [10, 12]],
        [[1, 1, 40], [15, 16, 17]],
        [[3, 12, 40, 1], [25, 9, 33, 60], [14, 70, 2, 18], [0, 0, 5, 44]],
        [[5, 3], [40, 50]],
        [[120, 95, 4], [80, 2, 60], [3, 150, 70], [9, 9, 9]],
    ],
)
def test_no_hidden_small_cell_can_be_worked_out_exactly(counts):
    assert _solvable_cells(counts, suppress_table(counts, K)) == []


def test_every_line_has_zero_or_at_least_two_hidden_entries():
    counts = [[3, 12, 40, 1], [25, 9, 33, 60], [14, 70, 2, 18], [0, 0, 5, 44]]
    grid = shown_grid(suppress_table(counts, K))
    for line in [*grid, *map(list, zip(*grid, strict=True))]:
        assert sum(1 for v in line if not v.isdigit()) != 1, line


def test_invalid_input_is_refused():
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]], K)
    with pytest.raises(ValueError):
        suppress_table([[-1]], K)
    with pytest.raises(ValueError):
        suppress_table([[1]], 0)


def test_the_disclosure_check_catches_primary_suppression_alone():
    """Guards the check above: without complements, a lone "<10" is solved by subtraction."""
    from insights.suppression import SuppressedTable

    counts = [[3, 50], [20, 30]]
    naive = SuppressedTable(
        cells=[[Shown(None, Hidden.SMALL), Shown(50)], [Shown(20), Shown(30)]],
        row_totals=[Shown(53), Shown(50)],
        column_totals=[Shown(23), Shown(80)],
        total=Shown(103),
    )
    assert _solvable_cells(counts, naive) == [(0, 0)]
    assert _solvable_cells(counts, suppress_table(counts, K)) == []
