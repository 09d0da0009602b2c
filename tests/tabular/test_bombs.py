"""The bombs of issue 14 (row 6): small workbooks that unpack to millions of rows or strings
are refused before they are read, and even with the ratio check off, streaming stops them
at the row or string limit with little memory. (Time is measured in bench/bench_tabular.py.)
"""

import tracemalloc

import pytest

from tabular import Limits, TableError, read_rows
from tests.tabular.workbooks import rows_bomb, strings_bomb

NO_RATIO = Limits(max_ratio=10**9, max_member_bytes=2**31)


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    rows, strings = folder / "rows.xlsx", folder / "strings.xlsx"
    rows_bomb(rows)
    strings_bomb(strings)
    return rows, strings


def refusal(path, limits: Limits) -> tuple[TableError, int]:
    """Return the error reading path raised and the peak of memory traced meanwhile."""
    tracemalloc.start()
    try:
        with path.open("rb") as stream, pytest.raises(TableError) as refused:
            for _row in read_rows(path.name, stream, limits):
                pass
        return refused.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_bombs_are_small_files(bombs):
    rows, strings = bombs
    assert rows.stat().st_size < 200_000 and strings.stat().st_size < 200_000


def test_a_workbook_of_three_million_rows_is_refused_for_its_compression(bombs):
    error, _peak = refusal(bombs[0], Limits())
    assert error.code == "compression" and "sheet1.xml" in error.detail


def test_three_million_shared_strings_are_refused_for_their_compression(bombs):
    error, _peak = refusal(bombs[1], Limits())
    assert error.code == "compression" and "sharedStrings.xml" in error.detail


def test_without_the_ratio_check_the_row_limit_stops_the_rows_bomb_in_little_memory(bombs):
    error, peak = refusal(bombs[0], NO_RATIO)
    assert error.code == "too_many_rows"
    assert peak < 20 * 2**20


def test_without_the_ratio_check_the_string_limit_stops_the_strings_bomb(bombs):
    error, peak = refusal(bombs[1], NO_RATIO)
    assert error.code == "too_many_strings"
    assert peak < 20 * 2**20
