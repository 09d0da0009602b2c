"""Rate-limit windows in the database: check and count in one step, refusals not counted,
gates, windows that end by themselves, and what is left for the audit log's summary."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models import ThrottleWindow
from models.ops import throttles
from models.ops.throttles import Check, Limit, gate_key, window_key

T0 = 1_800_000_000.0
PER_MINUTE = Check("login/user/an", (Limit(3, 60),))


def take(db, at, *checks, gate=None):
    verdict = throttles.take(db, checks or (PER_MINUTE,), at, gate=gate)
    db.flush()
    return verdict


@pytest.mark.parametrize("offsets, allowed", [
    ([0, 1, 2, 3], [True, True, True, False]),
    ([0, 1, 2, 3, 59.9, 60], [True, True, True, False, False, True]),  # the window ends
    ([0, 30, 61, 62, 63, 64], [True, True, True, True, True, False]),  # it starts again at 61
])
def test_a_window_lets_through_its_amount_then_refuses_until_it_ends(db, offsets, allowed):
    assert [take(db, T0 + at).allowed for at in offsets] == allowed


def test_a_refused_attempt_is_not_counted_and_says_how_long_to_wait(db):
    for _ in range(3):
        take(db, T0)
    refused = take(db, T0 + 10)
    assert not refused.allowed and refused.retry_after == pytest.approx(50)
    row = db.get(ThrottleWindow, window_key("login/user/an", Limit(3, 60)))
    assert (row.hits, row.refused) == (3, 1)


def test_only_the_first_refusal_of_a_window_is_marked_for_the_log(db):
    for _ in range(3):
        take(db, T0)
    marks = [take(db, T0 + n).first_refusal for n in range(1, 5)]
    assert marks == [True, False, False, False]


def test_an_ended_window_with_refusals_is_reported_once_for_the_summary(db):
    for n in range(6):
        take(db, T0 + n)
    after = take(db, T0 + 61)
    assert after.allowed
    (ended,) = after.ended
    assert (ended.key, ended.refused) == ("login/user/an/60", 3)
    assert take(db, T0 + 62).ended == ()


def test_every_limit_must_allow_and_a_refusal_counts_in_none(db):
    both = Check("pair/client/a", (Limit(5, 60), Limit(6, 3600)))
    assert [take(db, T0 + n, both).allowed for n in range(7)] == [True] * 5 + [False] * 2
    assert take(db, T0 + 61, both).allowed  # the minute is over: 6th of the hour
    assert not take(db, T0 + 62, both).allowed  # the hour is full
    hour = db.get(ThrottleWindow, "pair/client/a/3600")
    assert hour.hits == 6


def test_two_keys_of_one_attempt_are_counted_together(db):
    user, client = Check("u", (Limit(2, 60),)), Check("c", (Limit(10, 60),))
    assert take(db, T0, user, client).allowed and take(db, T0, user, client).allowed
    assert not take(db, T0, user, client).allowed
    assert db.get(ThrottleWindow, "c/60").hits == 2


def test_a_closed_gate_refuses_until_it_opens(db):
    gate = gate_key("login/user/an")
    throttles.set_gate(db, gate, T0 + 5)
    refused = take(db, T0 + 1, gate=gate)
    assert not refused.allowed and refused.retry_after == pytest.approx(4)
    assert take(db, T0 + 5, gate=gate).allowed
    assert db.get(ThrottleWindow, gate) is None  # an open gate is gone


def test_clearing_a_key_forgets_its_windows_and_reports_refusals(db):
    for n in range(5):
        take(db, T0 + n)
    ended = throttles.clear(db, [window_key("login/user/an", Limit(3, 60))], T0 + 5)
    assert [(window.key, window.refused) for window in ended] == [("login/user/an/60", 2)]
    assert take(db, T0 + 6).allowed


def test_pruning_removes_ended_windows_only(db):
    take(db, T0, Check("old", (Limit(1, 10),)))
    take(db, T0, Check("old", (Limit(1, 10),)))
    take(db, T0 + 15, Check("new", (Limit(1, 60),)))
    ended = throttles.prune(db, T0 + 20)
    assert [window.key for window in ended] == ["old/10"]
    assert db.scalars(select(ThrottleWindow.key)).all() == ["new/60"]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # rolled back each time
@given(steps=st.lists(st.floats(min_value=0, max_value=30, allow_nan=False), max_size=40),
       amount=st.integers(min_value=1, max_value=5))
def test_no_window_ever_lets_through_more_than_its_amount(app, steps, amount):
    """Whatever the timing, the attempts allowed within any window's 60 s stay ≤ amount."""
    from sqlalchemy.orm import Session

    check = Check(f"prop/{amount}", (Limit(amount, 60),))
    with Session(app.extensions["hailong.db"].engine) as db:
        moment, allowed, starts = T0, [], []
        for step in steps:
            moment += step
            if throttles.take(db, (check,), moment).allowed:
                allowed.append(moment)
        db.rollback()
    window_start = None
    for moment in allowed:
        if window_start is None or moment >= window_start + 60:
            window_start = moment
            starts.append([])
        starts[-1].append(moment)
    assert all(len(group) <= amount for group in starts)
