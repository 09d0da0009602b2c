"""Criterion points as printed add up to the printed total (largest remainder)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.printed import printed_points
from evaluation.scoring import round_total

CENT = Decimal("0.01")


@pytest.mark.parametrize(("points", "expected"), [
    ([9.5, 14.004, 4.5, 69.996], ["9.50", "14.00", "4.50", "70.00"]),  # 98,00 = 98,00
    ([10 / 3, 10 / 3, 10 / 3], ["3.34", "3.33", "3.33"]),  # 10,00: the first takes the cent
    ([2.005, 2.005], ["2.01", "2.00"]),  # 4,01: half up on the total, one cent to share
    ([14.333, 27.666, 5.0], ["14.33", "27.67", "5.00"]),
    ([], []),
])
def test_printed_points_add_up_to_the_printed_total(points, expected):
    assert [str(p) for p in printed_points(points)] == expected


def test_a_point_at_its_maximum_is_never_raised_above_it():
    assert [str(p) for p in printed_points([9.995, 10.0], [10, 10])] == ["10.00", "10.00"]


points_lists = st.lists(st.floats(min_value=0, max_value=70, allow_nan=False), max_size=9)


@given(points_lists)
def test_any_points_print_within_a_cent_and_add_up(points):
    printed = printed_points(points)
    assert sum(printed, Decimal(0)) == Decimal(repr(round_total(sum(points)))).quantize(CENT)
    for value, exact in zip(printed, points, strict=True):
        assert abs(value - Decimal(repr(round(exact, 9)))) < CENT
        assert value >= 0
