"""A year's closed periods: a closed quarter replaces its closed months; no month counts twice."""

import math
from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.annual import evaluate_year
from evaluation.engine import evaluate_month
from evaluation.inputs import MonthInputs, OfficerMonth
from evaluation.periods import PeriodError, counted_periods, parse_period
from evaluation.rubric import load_default_rubric

DECREE = load_default_rubric()
KEYS = [f"2026-{m:02d}" for m in range(1, 13)] + [f"2026-Q{q}" for q in range(1, 5)]


@pytest.mark.parametrize("closed, counted, superseded", [
    ([], (), ()),
    (["2026-01", "2026-02"], ("2026-01", "2026-02"), ()),
    (["2026-10", "2026-Q4"], ("2026-Q4",), (("2026-10", "2026-Q4"),)),
    (["2026-Q4", "2026-12", "2026-10", "2026-09"], ("2026-09", "2026-Q4"),
     (("2026-10", "2026-Q4"), ("2026-12", "2026-Q4"))),
    # A quarter sorts by its first day, not as text ("2026-Q1" > "2026-12" as text).
    (["2026-12", "2026-Q1"], ("2026-Q1", "2026-12"), ()),
    (["2026-05", "2026-05"], ("2026-05",), ()),
])
def test_a_closed_quarter_replaces_its_closed_months(closed, counted, superseded):
    assert counted_periods(closed) == (counted, superseded)


def test_a_malformed_key_is_refused():
    with pytest.raises(PeriodError):
        counted_periods(["2026-13"])


@given(st.sets(st.sampled_from(KEYS)))
def test_every_closed_month_is_counted_exactly_once(closed):
    counted, superseded = counted_periods(closed)
    months = [m for key in counted for m in parse_period(key).months]
    assert len(months) == len(set(months))
    closed_months = {parse_period(k) for k in closed if parse_period(k).kind == "month"}
    assert closed_months <= set(months)
    assert {m for m, _ in superseded} <= set(closed)
    assert all(q in counted and parse_period(m) in parse_period(q).months
               for m, q in superseded)
    starts = [parse_period(k).first_day for k in counted]
    assert starts == sorted(starts)


TOTAL = st.sampled_from([45.5, 70.0, 89.99, 90.0, 96.33])
WORKED = st.sampled_from([1.0, 0.5, 0.0])


@given(st.dictionaries(st.sampled_from(KEYS), st.tuples(TOTAL, WORKED), min_size=1))
def test_the_year_of_the_counted_periods_is_the_mean_of_the_periods_worked(closed):
    counted, _ = counted_periods(closed)
    results = []
    for key in counted:
        total, worked = closed[key]
        officer = OfficerMonth(1, "CB1", "An", "", 1, "Điểm", 1, "Sở", worked_share=worked)
        base = evaluate_month(DECREE, MonthInputs(key, (officer,)))
        results.append(replace(base, officers=(replace(base.officers[0], total=total,
                                                       total_rounded=total,
                                                       worked_share=worked),)))
    officer = evaluate_year(DECREE, results).officers[0]
    weighed = [(closed[k][0], len(parse_period(k).months) * Fraction(repr(closed[k][1])))
               for k in counted if closed[k][1] > 0]
    if not weighed:
        assert officer.mean_total is None
        return
    expected = sum(Fraction(repr(t)) * w for t, w in weighed) / sum(w for _, w in weighed)
    assert math.isclose(officer.mean_total, float(expected), rel_tol=0, abs_tol=1e-9)
    assert sum(officer.weights) <= 12
    assert len(officer.months) == len(weighed)
