"""Raw rates, adjusted rates and the target conversion into points."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.rates import (
    adjusted_rate,
    estimate_rate,
    points_for_rate,
    pooled_rate,
    raw_rate,
    wilson_lower_bound,
)


@pytest.mark.parametrize("k, n, p0, m, expected", [
    (110, 120, 0.92, 10, 0.916923),
    (372, 400, 0.95, 10, 0.930488),
    (0, 0, 0.92, 10, 0.92),
    (3, 3, 0.80, 10, 0.846154),
    (300, 300, 0.80, 10, 0.993548),
    (5, 10, 0.9, 0, 0.5),
])
def test_adjusted_rate_is_the_bayesian_average_toward_the_site_rate(k, n, p0, m, expected):
    assert adjusted_rate(k, n, p0, m) == pytest.approx(expected, abs=5e-7)


def test_three_perfect_ratings_do_not_beat_three_hundred_near_perfect_ones():
    assert adjusted_rate(3, 3, 0.9, 10) < adjusted_rate(297, 300, 0.9, 10)


@pytest.mark.parametrize("rate, target, max_points, expected", [
    (0.95, 0.90, 15, 15),
    (0.90, 0.90, 15, 15),
    (0.45, 0.90, 15, 7.5),
    (0.0, 0.90, 15, 0),
    (0.55, 0.60, 10, 9.166667),
    (0.95, 1.0, 10, 9.5),
])
def test_points_are_full_at_the_target_and_proportional_below_it(rate, target, max_points,
                                                                 expected):
    assert points_for_rate(rate, target, max_points) == pytest.approx(expected, abs=5e-7)


@pytest.mark.parametrize("k, n, expected", [(1, 1, 0.206543), (9, 10, 0.596), (0, 5, 0.0)])
def test_wilson_lower_bound_matches_known_values(k, n, expected):
    assert wilson_lower_bound(k, n) == pytest.approx(expected, abs=5e-4)


def test_no_answers_gives_the_site_rate_under_either_method():
    assert estimate_rate(0, 0, 0.93, "bayes", 10, 1.96) == 0.93
    assert estimate_rate(0, 0, 0.93, "wilson", 10, 1.96) == 0.93


def test_estimate_rate_dispatches_on_the_method():
    assert estimate_rate(9, 10, 0.9, "wilson", 10, 1.96) == wilson_lower_bound(9, 10)
    assert estimate_rate(9, 10, 0.9, "bayes", 10, 1.96) == adjusted_rate(9, 10, 0.9, 10)


def test_raw_and_pooled_rates_are_none_without_answers():
    assert raw_rate(0, 0) is None
    assert pooled_rate([]) is None
    assert pooled_rate([(9, 10), (1, 10)]) == 0.5


@given(st.integers(0, 1000), st.integers(0, 1000), st.floats(0, 1), st.floats(0, 100))
def test_one_more_success_never_lowers_the_bayesian_rate(k, extra, p0, m):
    n = k + extra
    assert adjusted_rate(k + 1, n + 1, p0, m) >= adjusted_rate(k, n, p0, m) - 1e-12


@given(st.integers(0, 1000), st.integers(1, 1000))
def test_one_more_success_never_lowers_the_wilson_bound_once_there_are_answers(k, extra):
    n = k + extra
    assert wilson_lower_bound(k + 1, n + 1) >= wilson_lower_bound(k, n) - 1e-12


@given(st.floats(0, 1), st.floats(0.01, 1), st.floats(0, 100))
def test_points_for_rate_stay_between_zero_and_the_maximum(rate, target, max_points):
    assert 0 <= points_for_rate(rate, target, max_points) <= max_points
