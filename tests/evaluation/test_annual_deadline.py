"""The annual grading's calendar: opening day, deadline (NĐ 335 Điều 19), and the phases."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.annual_deadline import (
    LATE,
    NOT_OPEN,
    OPEN,
    DeadlineError,
    annual_window,
    deadline_state,
    format_day_month,
    parse_day_month,
    year_to_show,
)


@pytest.mark.parametrize("text, parsed", [
    ("15/12", (15, 12)), ("1/12", (1, 12)), (" 01 / 12 ", (1, 12)), ("31/01", (31, 1)),
    ("28/02", (28, 2)), ("30/04", (30, 4)),
])
def test_a_day_month_is_parsed(text, parsed):
    assert parse_day_month(text) == parsed
    assert parse_day_month(format_day_month(parsed)) == parsed


@pytest.mark.parametrize("text, code", [
    ("", "bad_format"), ("15-12", "bad_format"), ("15/12/2026", "bad_format"),
    ("mười lăm", "bad_format"), ("123/1", "bad_format"), ("0/12", "bad_day"),
    ("32/12", "bad_day"), ("31/04", "bad_day"), ("29/02", "bad_day"), ("15/13", "bad_day"),
    ("15/0", "bad_day"),
])
def test_a_bad_day_month_is_refused_with_a_code(text, code):
    with pytest.raises(DeadlineError) as caught:
        parse_day_month(text)
    assert caught.value.code == code


def test_the_defaults_are_1_and_15_december():
    window = annual_window(2026)
    assert (window.opens, window.deadline) == (date(2026, 12, 1), date(2026, 12, 15))


def test_grading_may_not_open_after_its_deadline():
    with pytest.raises(DeadlineError) as caught:
        annual_window(2026, (16, 12), (15, 12))
    assert caught.value.code == "opens_after_deadline"
    assert annual_window(2026, (15, 12), (15, 12)).opens == date(2026, 12, 15)


@pytest.mark.parametrize("today, phase, days_left", [
    (date(2026, 11, 30), NOT_OPEN, 15), (date(2026, 12, 1), OPEN, 14),
    (date(2026, 12, 7), OPEN, 8), (date(2026, 12, 15), OPEN, 0),
    (date(2026, 12, 16), LATE, -1), (date(2027, 1, 10), LATE, -26),
])
def test_the_phase_of_a_day(today, phase, days_left):
    state = deadline_state(annual_window(2026), today)
    assert (state.phase, state.days_left) == (phase, days_left)
    assert state.may_grade == (phase != NOT_OPEN) and state.late == (phase == LATE)


DAYS = st.tuples(st.integers(1, 28), st.integers(1, 12))


@given(st.integers(2000, 9000), DAYS, DAYS, st.integers(-400, 400))
def test_the_phases_follow_the_calendar(year, a, b, offset):
    opens, deadline = sorted([a, b], key=lambda d: (d[1], d[0]))
    window = annual_window(year, opens, deadline)
    day = window.opens + timedelta(days=offset)
    state = deadline_state(window, day)
    assert state.days_left == (window.deadline - day).days
    assert state.may_grade == (day >= window.opens)
    assert state.late == (day > window.deadline)
    later = deadline_state(window, day + timedelta(days=1))
    order = [NOT_OPEN, OPEN, LATE]
    assert order.index(later.phase) >= order.index(state.phase)


@pytest.mark.parametrize("today, year", [
    (date(2026, 11, 30), 2025), (date(2026, 12, 1), 2026), (date(2026, 12, 31), 2026),
    (date(2027, 1, 5), 2026),
])
def test_the_year_a_home_shows(today, year):
    assert year_to_show(today, annual_window) == year
