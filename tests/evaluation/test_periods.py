"""Month windows in the centre's local time zone."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from evaluation.periods import (
    Month,
    PeriodError,
    month_end_utc,
    month_of_instant,
    month_start_utc,
    month_window_utc,
    months_of_year,
    next_month,
    parse_month,
    previous_month,
)


@pytest.mark.parametrize("text, expected", [
    ("2026-10", Month(2026, 10)),
    ("2026-01", Month(2026, 1)),
    ("0001-12", Month(1, 12)),
])
def test_a_month_key_parses_to_year_and_month(text, expected):
    assert parse_month(text) == expected
    assert str(expected) == text


@pytest.mark.parametrize("text", ["2026-1", "2026-13", "2026-00", "26-10", "2026/10", " 2026-10",
                                  "2026-10-01", "", "abcd-ef", "0000-05", None, 202610])
def test_a_malformed_month_key_is_refused_with_a_clear_error(text):
    with pytest.raises(PeriodError, match=r"YYYY-MM|between"):
        parse_month(text)


def test_a_month_starts_at_local_midnight_which_is_17_00_utc_the_day_before():
    assert month_start_utc(Month(2026, 10)) == datetime(2026, 9, 30, 17, 0, tzinfo=UTC)


def test_a_month_ends_where_the_next_one_starts():
    start, end = month_window_utc(Month(2026, 12))
    assert start == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    assert end == datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    assert end == month_start_utc(Month(2027, 1))


def test_another_time_zone_can_be_given():
    assert month_start_utc(Month(2026, 7), "UTC") == datetime(2026, 7, 1, tzinfo=UTC)
    assert month_end_utc(Month(2026, 3), "Europe/Paris") == datetime(2026, 3, 31, 22, tzinfo=UTC)


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(PeriodError, match="time zone"):
        month_start_utc(Month(2026, 7), "Mars/Olympus")


@pytest.mark.parametrize("instant, expected", [
    (datetime(2026, 9, 30, 16, 59, 59, tzinfo=UTC), Month(2026, 9)),
    (datetime(2026, 9, 30, 17, 0, 0, tzinfo=UTC), Month(2026, 10)),
    (datetime(2026, 12, 31, 17, 0, tzinfo=UTC), Month(2027, 1)),
    (datetime(2026, 10, 1, 0, 30, tzinfo=timezone(timedelta(hours=7))), Month(2026, 10)),
])
def test_an_instant_belongs_to_the_local_month_it_falls_in(instant, expected):
    assert month_of_instant(instant) == expected


def test_a_naive_instant_is_refused_because_its_zone_is_unknown():
    with pytest.raises(PeriodError, match="time zone"):
        month_of_instant(datetime(2026, 10, 1))


@pytest.mark.parametrize("month, before, after", [
    (Month(2026, 1), Month(2025, 12), Month(2026, 2)),
    (Month(2026, 12), Month(2026, 11), Month(2027, 1)),
    (Month(2026, 6), Month(2026, 5), Month(2026, 7)),
])
def test_previous_and_next_month_cross_year_boundaries(month, before, after):
    assert previous_month(month) == before
    assert next_month(month) == after


def test_a_year_has_twelve_months_in_order():
    months = months_of_year(2026)
    assert [str(m) for m in months][:2] == ["2026-01", "2026-02"]
    assert len(months) == 12 and list(months) == sorted(months)


def test_months_cannot_be_built_out_of_range():
    with pytest.raises(PeriodError):
        Month(2026, 13)
    with pytest.raises(PeriodError):
        month_end_utc(Month(9999, 12))
