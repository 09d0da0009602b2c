"""PIN lock-outs escalate, each is audited, and repeated ones at one tablet alert a leader."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models import AuditEntry, LockoutAlert, PinLockout
from models.ops.pins import (
    PIN_LOCK_STEPS,
    LockoutPolicy,
    SignInRefused,
    attempts_left,
    reserve_pin_attempt,
    unlock_pin,
)
from models.ops.signins import sign_in_officer
from tests.kiosk.tablet_support import pair_tablet, verify_pin, view_of

#: 09:00 in Hà Nội on a Monday.
NOW = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def attempt(db, tablet_id, officer, pin, now):
    """Try a PIN; return the refusal's code and details, or "ok"."""
    try:
        sign_in_officer(db, tablet_id, view_of(db, officer.counters[0]), officer.id, pin,
                        verify_pin=verify_pin, now=now)
    except SignInRefused as refused:
        return refused.code, refused.details
    return "ok", {}


def wrong_until_locked(db, tablet_id, officer, now):
    """Type wrong PINs until one locks; return the refusals."""
    answers = []
    while not answers or answers[-1][0] == "wrong_pin":
        answers.append(attempt(db, tablet_id, officer, "0000", now))
    return answers


def test_lock_outs_escalate_to_a_leaders_unlock(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    first = wrong_until_locked(db, tablet_id, officer, NOW)
    assert [a[1].get("attempts_left") for a in first] == [4, 3, 2, 1, None]
    assert first[-1][1]["locked_until"] == (NOW + timedelta(minutes=5)).isoformat()

    later = NOW + timedelta(minutes=5)
    second = wrong_until_locked(db, tablet_id, officer, later)
    assert [a[1].get("attempts_left") for a in second] == [4, 3, 2, 1, None]
    assert second[-1][1]["locked_until"] == (later + timedelta(minutes=30)).isoformat()
    assert attempt(db, tablet_id, officer, "1234", later + timedelta(minutes=29))[0] == (
        "officer_locked")

    latest = later + timedelta(minutes=30)
    third = wrong_until_locked(db, tablet_id, officer, latest)
    assert third[-1][1] == {"locked_until": None, "needs_unlock": True}
    a_day_later = latest + timedelta(days=1)
    assert attempt(db, tablet_id, officer, "1234", a_day_later)[0] == "officer_locked"
    assert db.get(PinLockout, (officer.id, tablet_id)).failures == 15

    assert unlock_pin(db, officer.id, tablet_id) is True
    assert attempt(db, tablet_id, officer, "1234", a_day_later) == ("ok", {})


def test_a_locked_attempt_is_not_counted_and_the_pin_not_checked(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    wrong_until_locked(db, tablet_id, officer, NOW)
    checked = []

    def spy(pin_hash, pin):
        checked.append(pin)
        return True

    with pytest.raises(SignInRefused):
        sign_in_officer(db, tablet_id, view_of(db, officer.counters[0]), officer.id, "1234",
                        verify_pin=spy, now=NOW + timedelta(minutes=1))
    assert checked == [] and db.get(PinLockout, (officer.id, tablet_id)).failures == 5


def test_each_lock_out_is_audited_and_repeats_at_one_tablet_alert_a_leader(db, make_officer):
    first = make_officer()
    second = make_officer(counter=first.counters[0])
    tablet_id, _ = pair_tablet(db, first.counters[0])
    wrong_until_locked(db, tablet_id, first, NOW)
    assert db.scalar(select(LockoutAlert)) is None
    wrong_until_locked(db, tablet_id, second, NOW + timedelta(minutes=2))
    db.commit()  # audit entries are written when their transaction commits
    audited = db.scalars(select(AuditEntry).where(AuditEntry.action == "pin.lockout")).all()
    assert [(a.object_id, a.after["officer_id"]) for a in audited] == [
        (str(tablet_id), first.id), (str(tablet_id), second.id)]
    alert = db.scalar(select(LockoutAlert))
    assert (alert.tablet_id, alert.status, alert.lockouts) == (tablet_id, "open", 2)
    assert alert.site_id == first.site_id


def test_lock_outs_a_day_apart_raise_no_alert(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    wrong_until_locked(db, tablet_id, officer, NOW)
    unlock_pin(db, officer.id, tablet_id)
    wrong_until_locked(db, tablet_id, officer, NOW + timedelta(hours=25))
    assert db.scalar(select(LockoutAlert)) is None


@pytest.mark.parametrize("failures, left", [(0, 5), (3, 2), (5, 5), (9, 1), (14, 1), (15, 0)])
def test_attempts_left_count_to_the_next_step(failures, left):
    assert attempts_left(failures) == left


def test_a_right_pin_at_the_locking_attempt_still_signs_in(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    for _ in range(PIN_LOCK_STEPS[0][0] - 1):
        attempt(db, tablet_id, officer, "0000", NOW)
    assert attempt(db, tablet_id, officer, "1234", NOW) == ("ok", {})
    lock = db.get(PinLockout, (officer.id, tablet_id))
    db.refresh(lock)
    assert (lock.failures, lock.locked_until, lock.needs_unlock) == (0, None, False)


def test_a_policy_of_one_try_locks_at_the_first(db, make_officer):
    officer = make_officer()
    tablet_id, _ = pair_tablet(db, officer.counters[0])
    policy = LockoutPolicy(steps=((1, timedelta(minutes=1)),))
    first = reserve_pin_attempt(db, officer.id, tablet_id, NOW, policy)
    assert first.counted and first.locked_until == NOW + timedelta(minutes=1)
    assert not reserve_pin_attempt(db, officer.id, tablet_id, NOW, policy).counted
