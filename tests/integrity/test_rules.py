"""The flag rules' decisions, as tables and properties."""

import math
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integrity import (
    Thresholds,
    burst_limit,
    invites_allowed,
    outside_opening_hours,
    too_soon_after_invite,
    top_share_improbable,
    top_share_z,
)

T = Thresholds()
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OPENS, CLOSES = time(7, 30), time(17, 0)
OPENED = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize("seconds, too_soon", [
    (-5, True), (0, True), (6, True), (15, True), (16, False), (90, False), (3 * 86400, False),
])
def test_a_rating_within_the_invite_threshold_is_too_soon(seconds, too_soon):
    assert too_soon_after_invite(OPENED, OPENED + timedelta(seconds=seconds), T) is too_soon


@pytest.mark.parametrize("served, per_served, allowed", [
    (0, 1.0, 6), (4, 1.0, 10), (4, 0.5, 8), (5, 0.5, 8), (-3, 1.0, 6), (10, 0.0, 6),
])
def test_invites_allowed_grow_with_what_the_counter_served(served, per_served, allowed):
    assert invites_allowed(served, Thresholds(invite_per_served=per_served)) == allowed


@pytest.mark.parametrize("visits, limit", [(0, 5), (3, 8), (-1, 5)])
def test_a_burst_limit_is_the_visits_plus_the_allowance(visits, limit):
    assert burst_limit(visits, T) == limit


@pytest.mark.parametrize("local, outside", [
    (datetime(2026, 11, 2, 9, 0), False),      # Monday morning
    (datetime(2026, 11, 2, 7, 15), False),     # within the grace before opening
    (datetime(2026, 11, 2, 7, 14), True),
    (datetime(2026, 11, 2, 17, 15), False),    # within the grace after closing
    (datetime(2026, 11, 2, 17, 16), True),
    (datetime(2026, 11, 2, 2, 0), True),       # night
    (datetime(2026, 11, 7, 10, 0), False),     # Saturday is a working day by default
    (datetime(2026, 11, 8, 10, 0), True),      # Sunday
])
def test_opening_hours_with_their_grace(local, outside):
    assert outside_opening_hours(local.replace(tzinfo=HANOI), OPENS, CLOSES, T) is outside


def test_the_grace_never_wraps_past_midnight():
    late = Thresholds(hours_grace_minutes=120)
    night = datetime(2026, 11, 3, 0, 30, tzinfo=HANOI)
    assert outside_opening_hours(night, time(0, 0), time(23, 0), late) is False
    assert outside_opening_hours(night, time(7, 30), time(23, 59), late) is True


def test_a_site_open_on_weekdays_only_flags_saturday():
    weekdays = Thresholds(open_weekdays=frozenset(range(5)))
    assert outside_opening_hours(datetime(2026, 11, 7, 10, 0, tzinfo=HANOI), OPENS, CLOSES,
                                 weekdays)


@pytest.mark.parametrize("k, n, p, z", [
    (60, 60, 0.6, math.sqrt(60 * 0.4 / 0.6)),
    (36, 60, 0.6, 0.0),
    (30, 100, 0.5, -4.0),
    (5, 0, 0.5, None),
    (5, 10, None, None),
    (10, 10, 1.0, None),
    (0, 10, 0.0, None),
])
def test_the_z_score_of_top_ratings(k, n, p, z):
    result = top_share_z(k, n, p)
    assert result == (None if z is None else pytest.approx(z))


@pytest.mark.parametrize("k, n, p, flagged", [
    (58, 60, 0.6, True),      # z ≈ 5.0: nearly all top where the site gives 60%
    (45, 60, 0.6, False),     # z ≈ 2.4: a good officer, within chance
    (29, 29, 0.6, False),     # too few ratings to judge
    (30, 30, 0.6, True),
    (30, 30, 1.0, False),     # the whole site gives only top ratings
])
def test_an_officer_is_flagged_only_far_above_the_site_and_with_enough_ratings(k, n, p, flagged):
    assert top_share_improbable(k, n, p, T) is flagged


@given(st.integers(min_value=1, max_value=5000), st.floats(min_value=0.01, max_value=0.99))
def test_a_fair_officer_at_the_site_rate_is_never_flagged(n, p):
    assert not top_share_improbable(round(n * p), n, p, T)


@given(st.integers(min_value=1, max_value=2000), st.floats(min_value=0.01, max_value=0.99),
       st.data())
def test_more_top_ratings_never_lower_the_z_score(n, p, data):
    k = data.draw(st.integers(min_value=0, max_value=n - 1))
    assert top_share_z(k + 1, n, p) > top_share_z(k, n, p)


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500))
def test_serving_more_never_allows_fewer_invites(a, b):
    assert invites_allowed(min(a, b), T) <= invites_allowed(max(a, b), T)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)))
def test_a_wider_grace_never_flags_more(moment):
    local = moment.replace(tzinfo=HANOI)
    narrow, wide = Thresholds(hours_grace_minutes=0), Thresholds(hours_grace_minutes=60)
    if not outside_opening_hours(local, OPENS, CLOSES, narrow):
        assert not outside_opening_hours(local, OPENS, CLOSES, wide)


@pytest.mark.parametrize("field, value", [
    ("invite_min_seconds", -1), ("burst_allowance", 1.5), ("same_phone_max", True),
    ("invite_per_served", -0.5), ("top_share_z", 0), ("open_weekdays", frozenset({7})),
])
def test_thresholds_refuse_impossible_values(field, value):
    with pytest.raises(ValueError):
        Thresholds(**{field: value})
