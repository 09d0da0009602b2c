"""Officer PINs at a tablet: one atomic count per attempt, escalating lock-outs, leader alerts.

The throttle lives in the database, so every worker and host shares it: an attempt is
counted as wrong, and refused when the officer is locked, in one INSERT … ON CONFLICT …
UPDATE … WHERE … RETURNING statement, before the PIN is even checked. A right PIN then sets
the count back to 0. So N attempts at once can never check more PINs than the lock allows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, false, func, literal, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from models.base import UTCDateTime
from models.devices import LockoutAlert, PinLockout, PinLockoutEvent, Tablet
from models.ops.audit import record_audit
from models.org import Counter, Officer

#: The escalation: (wrong PINs in a row, how long the lock lasts; None = until a leader
#: unlocks). A local choice, documented in docs/tablet.md and docs/integrity.md.
PIN_LOCK_STEPS = ((5, timedelta(minutes=5)), (10, timedelta(minutes=30)), (15, None))


class SignInRefused(ValueError):
    """A sign-in (or PIN-checked sign-out) that cannot happen: a code, a message, details."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


@dataclass(frozen=True)
class LockoutPolicy:
    """The lock steps, and when repeated lock-outs at one tablet raise a leader alert."""

    steps: tuple = PIN_LOCK_STEPS
    alert_after: int = 2
    alert_hours: int = 24


DEFAULT_POLICY = LockoutPolicy()


@dataclass(frozen=True)
class PinAttempt:
    """One attempt as counted: whether it may be checked, and the officer's lock state."""

    officer_id: int
    tablet_id: int
    #: False: the officer was locked, nothing was counted and the PIN must not be checked.
    counted: bool
    failures: int
    locked_until: datetime | None
    needs_unlock: bool


def _upsert(dialect: str):
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def reserve_pin_attempt(session, officer_id: int, tablet_id: int, now: datetime,
                        policy: LockoutPolicy = DEFAULT_POLICY) -> PinAttempt:
    """Count one attempt as wrong unless the officer is locked at the tablet, atomically.

    The attempt that reaches a step sets that step's lock in the same statement, so the
    attempts after it are refused even while it is still being checked. Flush only.
    """
    table = PinLockout.__table__
    after = table.c.failures + 1
    locks = [(after == count, literal(now + span, UTCDateTime))
             for count, span in policy.steps if span is not None]
    forever = min((count for count, span in policy.steps if span is None), default=None)
    insert = _upsert(session.get_bind().dialect.name)(table).values(
        officer_id=officer_id, tablet_id=tablet_id, failures=1, needs_unlock=False,
        locked_until=_first_lock(policy, now), last_failure_at=now)
    statement = insert.on_conflict_do_update(
        index_elements=[table.c.officer_id, table.c.tablet_id],
        set_={
            "failures": after,
            "locked_until": case(*locks, else_=table.c.locked_until) if locks
            else table.c.locked_until,
            "needs_unlock": (after >= forever) if forever is not None else false(),
            "last_failure_at": literal(now, UTCDateTime),
        },
        where=and_(table.c.needs_unlock.is_(False),
                   or_(table.c.locked_until.is_(None),
                       table.c.locked_until <= literal(now, UTCDateTime))),
    ).returning(table.c.failures, table.c.locked_until, table.c.needs_unlock)
    row = session.execute(statement).first()
    if row is not None:
        return PinAttempt(officer_id, tablet_id, True, *row)
    state = session.get(PinLockout, (officer_id, tablet_id), populate_existing=True)
    return PinAttempt(officer_id, tablet_id, False, state.failures, state.locked_until,
                      state.needs_unlock)


def _first_lock(policy: LockoutPolicy, now: datetime) -> datetime | None:
    """The lock set when the very first attempt is already a step (a policy of one try)."""
    return next((now + span for count, span in policy.steps if count == 1 and span), None)


def starts_lock(attempt: PinAttempt, policy: LockoutPolicy = DEFAULT_POLICY) -> bool:
    """Say whether this counted attempt, being wrong, locks the officer out."""
    return attempt.counted and any(attempt.failures == count for count, _ in policy.steps)


def attempts_left(failures: int, policy: LockoutPolicy = DEFAULT_POLICY) -> int:
    """Return the wrong PINs still allowed before the next lock."""
    return min((count - failures for count, _ in policy.steps if count > failures), default=0)


def locked_refusal(until: datetime | None, needs_unlock: bool) -> SignInRefused:
    """Return the refusal a locked officer gets (the time it ends, or that a leader must act)."""
    if needs_unlock:
        return SignInRefused("officer_locked", "too many wrong PINs; a leader must unlock",
                             locked_until=None, needs_unlock=True)
    return SignInRefused("officer_locked", "too many wrong PINs; try again later",
                         locked_until=until.isoformat() if until else None, needs_unlock=False)


def check_pin(session, officer_id: int, tablet_id: int, pin_hash: str, pin: str, *,
              verify_pin: Callable[[str, str], bool], now: datetime,
              settle: Callable[[], None] = lambda: None,
              policy: LockoutPolicy = DEFAULT_POLICY) -> None:
    """Count the attempt, check the PIN, and on a wrong one record any lock-out it starts.

    ``settle`` runs between counting and checking: the view commits there, so the count
    survives whatever happens while the (slow) hash is checked and no write lock is held
    meanwhile, then starts a new write transaction. Flush only otherwise.

    :raises SignInRefused: ``officer_locked`` (nothing checked) or after a wrong PIN,
        ``wrong_pin`` with ``attempts_left``, or ``officer_locked`` when it started a lock.
    """
    attempt = reserve_pin_attempt(session, officer_id, tablet_id, now, policy)
    if not attempt.counted:
        raise locked_refusal(attempt.locked_until, attempt.needs_unlock)
    settle()
    if verify_pin(pin_hash, pin):
        clear_pin_failures(session, officer_id, tablet_id)
        return
    if starts_lock(attempt, policy):
        record_lockout(session, attempt, now, policy)
        raise locked_refusal(attempt.locked_until, attempt.needs_unlock)
    raise SignInRefused("wrong_pin", "the PIN is wrong",
                        attempts_left=attempts_left(attempt.failures, policy))


def clear_pin_failures(session, officer_id: int, tablet_id: int) -> None:
    """Set the officer's count of wrong PINs at the tablet back to 0 (a right PIN)."""
    session.execute(update(PinLockout)
                    .where(PinLockout.officer_id == officer_id,
                           PinLockout.tablet_id == tablet_id)
                    .values(failures=0, locked_until=None, needs_unlock=False))


def record_lockout(session, attempt: PinAttempt, now: datetime,
                   policy: LockoutPolicy = DEFAULT_POLICY) -> LockoutAlert | None:
    """Record and audit a lock-out; raise (or update) the tablet's alert when they repeat."""
    session.add(PinLockoutEvent(tablet_id=attempt.tablet_id, officer_id=attempt.officer_id,
                                at=now, failures=attempt.failures,
                                locked_until=attempt.locked_until,
                                needs_unlock=attempt.needs_unlock))
    session.flush()
    code = session.scalar(select(Officer.code).where(Officer.id == attempt.officer_id))
    record_audit(session, action="pin.lockout", actor="tablet", object_type="tablet",
                 object_id=attempt.tablet_id,
                 after={"officer_id": attempt.officer_id, "officer_code": code,
                        "failures": attempt.failures,
                        "locked_until": attempt.locked_until.isoformat()
                        if attempt.locked_until else None,
                        "needs_unlock": attempt.needs_unlock})
    since = now - timedelta(hours=policy.alert_hours)
    lockouts = session.scalar(select(func.count(PinLockoutEvent.id)).where(
        PinLockoutEvent.tablet_id == attempt.tablet_id, PinLockoutEvent.at > since,
        PinLockoutEvent.at <= now)) or 0
    if lockouts < policy.alert_after:
        return None
    return _raise_alert(session, attempt.tablet_id, lockouts, now)


def _raise_alert(session, tablet_id: int, lockouts: int, now: datetime) -> LockoutAlert:
    alert = session.scalar(select(LockoutAlert).where(LockoutAlert.tablet_id == tablet_id,
                                                      LockoutAlert.status == "open"))
    if alert is None:
        place = session.execute(select(Tablet.counter_id, Counter.site_id)
                                .outerjoin(Counter, Counter.id == Tablet.counter_id)
                                .where(Tablet.id == tablet_id)).first()
        alert = LockoutAlert(tablet_id=tablet_id, counter_id=place.counter_id,
                             site_id=place.site_id, raised_at=now, status="open")
        session.add(alert)
    alert.lockouts, alert.last_lockout_at = lockouts, now
    session.flush()
    return alert


def unlock_pin(session, officer_id: int, tablet_id: int) -> bool:
    """Lift an officer's lock at a tablet and set the count back to 0 (a leader's act).

    Returns whether there was a lock or a count to lift. Flush only.
    """
    result = session.execute(
        update(PinLockout)
        .where(PinLockout.officer_id == officer_id, PinLockout.tablet_id == tablet_id,
               or_(PinLockout.failures > 0, PinLockout.needs_unlock.is_(true()),
                   PinLockout.locked_until.is_not(None)))
        .values(failures=0, locked_until=None, needs_unlock=False))
    return result.rowcount > 0


def close_lockout_alert(session, alert: LockoutAlert, note: str, user_id: int,
                        now: datetime) -> None:
    """Close a lock-out alert with the leader's note; flush only."""
    alert.status, alert.note, alert.closed_by_id, alert.closed_at = "closed", note, user_id, now
    session.flush()
