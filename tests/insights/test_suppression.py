"""Publication rule: "<k" below k (0 included), multiples of k from k up, totals as sums of cells."""

from __future__ import annotations

import pytest

from insights.suppression import HIDDEN, Hidden, Shown, publish, table_of, total

K = 10


def test_zero_and_small_counts_look_the_same():
    assert publish(0, K) == publish(1, K) == publish(9, K) == HIDDEN
    assert HIDDEN.display(K) == "<10" and HIDDEN.export_value(K) == "<10"
    assert Shown(None, Hidden.SMALL).display(5) == "<5"


@pytest.mark.parametrize(("count", "shown"), [(10, 10), (14, 10), (15, 20), (24, 20), (25, 30), (1234, 1230)])
def test_counts_from_k_up_are_rounded_to_the_nearest_multiple_of_k(count, shown):
    assert publish(count, K) == Shown(shown)
    assert publish(count, K).export_value(K) == shown


def test_totals_are_sums_of_the_published_figures():
    cells = [publish(n, K) for n in (3, 14, 26, 0)]
    assert total(cells) == Shown(40)  # "<10" adds 0, 14 -> 10, 26 -> 30
    assert total([HIDDEN, HIDDEN]) == HIDDEN  # nothing visible to add
    assert total([]) == HIDDEN


def test_a_table_minus_its_visible_cells_reveals_nothing():
    counts = [[3, 50, 60], [20, 30, 80], [40, 45, 9]]
    table = table_of([[publish(n, K) for n in row] for row in counts], 3)
    for row, row_total in zip(table.cells, table.row_totals, strict=True):
        assert row_total.published - sum(c.published for c in row) == 0
    for j, column_total in enumerate(table.column_totals):
        assert column_total.published - sum(row[j].published for row in table.cells) == 0
    assert table.total.published == sum(c.published for c in table.column_totals)


def test_every_published_number_is_a_multiple_of_k_so_no_difference_is_small():
    published = {publish(n, K).published for n in range(500)}
    assert all(v % K == 0 for v in published)
    assert not {a - b for a in published for b in published} & set(range(1, K))


def test_invalid_input_is_refused():
    with pytest.raises(ValueError):
        publish(-1, K)
    with pytest.raises(ValueError):
        publish(1, 0)
