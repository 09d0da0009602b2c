"""Cell values: whole numbers, day-first dates and yes/no flags, as offices write them."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tabular import parse_count, parse_date, parse_flag, text_of


@pytest.mark.parametrize("cell, expected", [
    (date(2026, 10, 5), date(2026, 10, 5)),
    (datetime(2026, 10, 5, 16, 45), date(2026, 10, 5)),
    ("05/10/2026", date(2026, 10, 5)), ("5/10/2026", date(2026, 10, 5)),
    ("05-10-2026", date(2026, 10, 5)), ("05.10.2026", date(2026, 10, 5)),
    ("2026-10-05", date(2026, 10, 5)), ("2026-10-05T08:30:00", date(2026, 10, 5)),
    ("08:30 05/10/2026", date(2026, 10, 5)), ("05/10/2026 16:45:10", date(2026, 10, 5)),
    ("8h30 05/10/2026", date(2026, 10, 5)),
])
def test_dates_are_read_day_first(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", ["31/02/2026", "05/10/26", "10/2026", "hôm qua", 46300, "",
                                  "2026/10/05", "13/13/2026"])
def test_anything_else_is_not_a_date(cell):
    with pytest.raises(ValueError):
        parse_date(cell)


@given(st.dates(date(1900, 1, 1), date(9999, 12, 31)))
def test_a_date_written_day_first_reads_back(day):
    assert parse_date(day.strftime("%d/%m/%Y")) == day


@pytest.mark.parametrize("cell, expected", [
    ("x", True), ("X", True), ("Có", True), ("có", True), (1, True), ("Đã số hóa", True),
    ("", None), ("Không", False), ("chưa số hóa", False), (0, False), ("khong", False),
])
def test_flags_read_yes_and_no(cell, expected):
    if expected is None:
        with pytest.raises(ValueError):
            parse_flag(cell)
    else:
        assert parse_flag(cell) is expected


@pytest.mark.parametrize("cell, expected", [("12", 12), (7, 7), (3.0, 3), ("0", 0)])
def test_counts_are_whole_numbers(cell, expected):
    assert parse_count(cell) == expected


@pytest.mark.parametrize("cell", ["-1", "2.5", 2.5, "1.000", "mười", True, 10**7, "99999999999"])
def test_anything_else_is_not_a_count(cell):
    with pytest.raises(ValueError):
        parse_count(cell)


@pytest.mark.parametrize("cell, text", [(10.0, "10"), (12, "12"), (" A ", "A"),
                                        (date(2026, 1, 2), "2026-01-02"), (None, "")])
def test_cells_read_as_text(cell, text):
    assert text_of(cell) == text
