"""Officers signing in and out at a tablet: PINs, lock-outs, closing time, the evidence kept."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from models import OfficerSignIn, PinLockout
from models.ops.pins import PIN_LOCK_STEPS
from models.ops.signins import (
    SIGN_IN_GRACE,
    SignInRefused,
    closing_due,
    closing_moment,
    sign_in_covering,
    sign_in_officer,
    sign_out_at_closing_time,
    sign_out_officer,
)
from tests.kiosk.tablet_support import pair_tablet, signed_in, verify_pin, view_of

ZONE = "Asia/Ho_Chi_Minh"
#: The first step of the escalation: five wrong PINs lock the officer for five minutes.
PIN_ATTEMPTS, PIN_LOCK = PIN_LOCK_STEPS[0]
#: 09:00 in Hà Nội on a Monday.
NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def sign_in(db, tablet_id, officer, pin="1234", now=NOW, counter=None):
    counter = counter or officer.counters[0]
    return sign_in_officer(db, tablet_id, view_of(db, counter), officer.id, pin,
                           verify_pin=verify_pin, now=now)


def sign_ins(db):
    return db.scalars(select(OfficerSignIn).order_by(OfficerSignIn.id)).all()


@pytest.mark.parametrize(
    "local_in, closes, local_end",
    [
        ("2026-11-02 08:00", time(17, 0), "2026-11-02 17:00"),
        ("2026-11-02 16:59", time(17, 0), "2026-11-02 17:00"),
        ("2026-11-02 17:00", time(17, 0), "2026-11-03 00:00"),
        ("2026-11-02 19:30", time(17, 0), "2026-11-03 00:00"),
        ("2026-11-02 00:10", time(11, 30), "2026-11-02 11:30"),
    ],
)
def test_a_sign_in_ends_at_closing_time_or_at_the_end_of_an_overtime_day(local_in, closes,
                                                                        local_end):
    def utc(text):
        local = datetime.fromisoformat(text).replace(tzinfo=UTC) - timedelta(hours=7)
        return local

    assert closing_moment(utc(local_in), closes, ZONE) == utc(local_end)


@pytest.mark.parametrize(
    "signed_in_at, closes, now, due",
    [
        (None, None, NOW, False),  # no open sign-in
        (NOW - timedelta(hours=1), time(17, 0), NOW, False),  # 09:00, closes at 17:00
        (NOW - timedelta(hours=1), time(17, 0), NOW + timedelta(hours=8), True),  # 17:00
        (NOW - timedelta(hours=1), time(17, 0), NOW + timedelta(hours=8, seconds=-1), False),
        (NOW - timedelta(hours=1), time(8, 30), NOW, True),  # begun at 08:00, closed 08:30
    ],
)
def test_closing_due_says_whether_the_open_sign_in_passed_its_closing_moment(
        signed_in_at, closes, now, due):
    assert closing_due(signed_in_at, closes, ZONE, now) is due


def test_the_right_pin_opens_a_sign_in_at_the_tablets_counter(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    sign_in(db, tablet_id, officer)
    [row] = sign_ins(db)
    assert (row.officer_id, row.tablet_id, row.counter_id) == (
        officer.id, tablet_id, officer.counters[0].id)
    assert row.signed_in_at == NOW and row.signed_out_at is None


def test_a_new_sign_in_replaces_the_previous_officer_and_is_kept_as_evidence(
    db, make_officer, make_department
):
    first = make_officer()
    second = make_officer(counter=first.counters[0])
    tablet_id, _ = pair_tablet(db, first.counters[0])
    sign_in(db, tablet_id, first)
    sign_in(db, tablet_id, second, now=NOW + timedelta(hours=1))
    old, new = sign_ins(db)
    assert (old.officer_id, old.signed_out_at, old.sign_out_reason) == (
        first.id, NOW + timedelta(hours=1), "replaced")
    assert (new.officer_id, new.signed_out_at) == (second.id, None)


def test_an_officer_signing_in_elsewhere_leaves_the_first_tablet(db, make_officer, make_counter):
    officer = make_officer()
    other = make_counter(site=officer.site)
    officer.counters.append(other)
    first_tablet, _ = pair_tablet(db, officer.counters[0])
    second_tablet, _ = pair_tablet(db, other)
    sign_in(db, first_tablet, officer)
    sign_in(db, second_tablet, officer, counter=other, now=NOW + timedelta(minutes=5))
    old, new = sign_ins(db)
    assert old.sign_out_reason == "replaced" and new.tablet_id == second_tablet


def test_an_officer_of_the_counters_department_may_sign_in_without_an_assignment(
    db, make_officer, make_counter, make_department
):
    department = make_department()
    counter = make_counter(department_id=department.id)
    colleague = make_officer(counter=make_counter(site=counter.site), department=department)
    tablet_id, _ = pair_tablet(db, counter)
    sign_in(db, tablet_id, colleague, counter=counter)
    assert sign_ins(db)[0].counter_id == counter.id


@pytest.mark.parametrize("kind", ["other_site", "inactive", "other_department"])
def test_an_officer_who_does_not_serve_the_counter_cannot_sign_in(
    db, make_officer, make_counter, kind
):
    counter = make_counter()
    if kind == "other_site":
        officer = make_officer()
    elif kind == "inactive":
        officer = make_officer(counter=counter, active=False)
    else:
        officer = make_officer(counter=make_counter(site=counter.site))
    tablet_id, _ = pair_tablet(db, counter)
    with pytest.raises(SignInRefused) as refused:
        sign_in(db, tablet_id, officer, counter=counter)
    assert refused.value.code == "unknown_officer" and sign_ins(db) == []


def test_an_officer_without_a_pin_is_told_so(db, make_officer):
    officer = make_officer(pin_hash=None)
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    with pytest.raises(SignInRefused) as refused:
        sign_in(db, tablet_id, officer)
    assert refused.value.code == "pin_not_set"


def test_five_wrong_pins_lock_the_officer_on_that_tablet_for_five_minutes(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    left = []
    for attempt in range(PIN_ATTEMPTS - 1):
        with pytest.raises(SignInRefused) as refused:
            sign_in(db, tablet_id, officer, pin="9999", now=NOW + timedelta(seconds=attempt))
        left.append(refused.value.details["attempts_left"])
    assert left == [4, 3, 2, 1]
    with pytest.raises(SignInRefused) as refused:
        sign_in(db, tablet_id, officer, pin="9999", now=NOW)
    assert refused.value.code == "officer_locked"
    assert db.get(PinLockout, (officer.id, tablet_id)).locked_until == NOW + PIN_LOCK
    with pytest.raises(SignInRefused) as refused:
        sign_in(db, tablet_id, officer, pin="1234", now=NOW + PIN_LOCK - timedelta(seconds=1))
    assert refused.value.code == "officer_locked" and sign_ins(db) == []


def test_the_lock_holds_on_one_tablet_only_and_ends_after_five_minutes(db, make_officer):
    officer = make_officer()
    locked_tablet, _ = pair_tablet(db, officer.counters[0])
    other_tablet, _ = pair_tablet(db, officer.counters[0])
    for _ in range(PIN_ATTEMPTS):
        with pytest.raises(SignInRefused):
            sign_in(db, locked_tablet, officer, pin="0000")
    sign_in(db, other_tablet, officer, now=NOW + timedelta(seconds=10))
    sign_in(db, locked_tablet, officer, now=NOW + PIN_LOCK)
    lockout = db.get(PinLockout, (officer.id, locked_tablet))
    assert (lockout.failures, lockout.locked_until) == (0, None)


def test_a_right_pin_clears_the_count_of_wrong_ones(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    for _ in range(PIN_ATTEMPTS - 1):
        with pytest.raises(SignInRefused):
            sign_in(db, tablet_id, officer, pin="0000")
    sign_in(db, tablet_id, officer)
    with pytest.raises(SignInRefused) as refused:
        sign_in(db, tablet_id, officer, pin="0000")
    assert refused.value.details["attempts_left"] == PIN_ATTEMPTS - 1


def test_signing_out_ends_the_open_sign_in_and_says_whether_there_was_one(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    sign_in(db, tablet_id, officer)
    assert sign_out_officer(db, tablet_id, NOW + timedelta(hours=2)) is True
    assert sign_out_officer(db, tablet_id, NOW + timedelta(hours=3)) is False
    [row] = sign_ins(db)
    assert (row.signed_out_at, row.sign_out_reason) == (NOW + timedelta(hours=2), "manual")


def test_closing_time_signs_out_at_the_closing_moment_only_when_it_has_passed(
    db, make_officer, make_site, make_counter
):
    site = make_site(closes_at=time(17, 0))
    early, late = make_officer(counter=make_counter(site=site)), make_officer(
        counter=make_counter(site=site))
    early_tablet, _ = pair_tablet(db, early.counters[0])
    late_tablet, _ = pair_tablet(db, late.counters[0])
    signed_in(db, early, early_tablet, NOW)  # 09:00 local, ends 17:00 local = 10:00 UTC
    signed_in(db, late, late_tablet, NOW.replace(hour=11))  # 18:00 local: overtime
    assert sign_out_at_closing_time(db, ZONE, NOW.replace(hour=9, minute=59)) == 0
    assert sign_out_at_closing_time(db, ZONE, NOW.replace(hour=16)) == 1
    first, second = sign_ins(db)
    assert (first.signed_out_at, first.sign_out_reason) == (NOW.replace(hour=10), "closing_time")
    assert second.signed_out_at is None
    assert sign_out_at_closing_time(db, ZONE, NOW.replace(hour=17), tablet_id=early_tablet) == 0
    assert sign_out_at_closing_time(db, ZONE, NOW.replace(hour=17), tablet_id=late_tablet) == 1
    assert sign_ins(db)[1].signed_out_at == NOW.replace(hour=17)  # local midnight


def test_a_rating_moment_is_covered_only_by_that_officers_sign_in_at_that_tablet(
    db, make_officer
):
    officer = make_officer()
    colleague = make_officer(counter=officer.counters[0])
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    other_tablet, _ = pair_tablet(db, officer.counters[0])
    until = NOW + timedelta(hours=1)
    signed_in(db, officer, tablet_id, NOW, until, "manual")
    inside, grace = NOW + timedelta(minutes=30), SIGN_IN_GRACE - timedelta(seconds=1)
    assert sign_in_covering(db, tablet_id, officer.id, inside).counter_id == officer.counters[0].id
    assert sign_in_covering(db, tablet_id, officer.id, NOW - grace) is not None
    assert sign_in_covering(db, tablet_id, officer.id, until + grace) is not None
    assert sign_in_covering(db, tablet_id, officer.id, NOW - SIGN_IN_GRACE * 2) is None
    assert sign_in_covering(db, tablet_id, officer.id, until + SIGN_IN_GRACE * 2) is None
    assert sign_in_covering(db, other_tablet, officer.id, inside) is None
    assert sign_in_covering(db, tablet_id, colleague.id, inside) is None
