"""Officers signing in and out at a counter tablet: PIN checks, lock-outs, closing time.

Every sign-in and sign-out is kept: they are the evidence of who sat at which counter
when, and a tablet rating is accepted only for an officer signed in at that moment.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from models.devices import OfficerSignIn, PinLockout
from models.ops.devices import end_open_sign_in
from models.org import Counter, Site
from models.queries.devices import (
    CounterView,
    officer_for_counter,
    officer_pin_hash,
    open_sign_in,
)

#: Wrong PINs in a row that lock an officer out of one tablet, and for how long.
PIN_ATTEMPTS = 5
PIN_LOCK = timedelta(minutes=5)
#: Allowance at both ends of a sign-in when checking a rating's moment: the tablet's
#: clock is estimated from one request, so it carries that request's network delay.
SIGN_IN_GRACE = timedelta(seconds=30)


class SignInRefused(ValueError):
    """A sign-in that cannot happen, with a stable code, a message and details."""

    def __init__(self, code: str, message: str, **details):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


@dataclass(frozen=True)
class CoveringSignIn:
    """The sign-in that covers a rating's moment, the counter it was at and that counter's site."""

    id: int
    counter_id: int
    site_id: int


def closing_moment(signed_in_at: datetime, closes_at: time, zone: str) -> datetime:
    """Return when a sign-in ends by itself.

    Policy: at the site's closing time on the local day the sign-in began; a sign-in
    begun after closing (overtime) ends at the end of that local day. A forgotten
    sign-in therefore never carries ratings into the next day.
    """
    tz = ZoneInfo(zone)
    local = signed_in_at.astimezone(tz)
    ends = datetime.combine(local.date(), closes_at, tzinfo=tz)
    if local >= ends:
        ends = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)
    return ends.astimezone(UTC)


def sign_in_officer(
    session,
    tablet_id: int,
    counter: CounterView,
    officer_id: int,
    pin: str,
    *,
    verify_pin: Callable[[str, str], bool],
    now: datetime,
) -> OfficerSignIn:
    """Sign an officer in at a tablet after checking their PIN; flush only.

    Whoever was signed in at the tablet, and the officer's own sign-in at any other
    tablet, end as "replaced". A wrong PIN is counted (flushed) before the refusal is
    raised, so the caller must commit on refusal too.

    :raises SignInRefused: unknown_officer, pin_not_set, officer_locked or wrong_pin.
    """
    if officer_for_counter(session, counter, officer_id) is None:
        raise SignInRefused("unknown_officer", "this officer cannot sign in at this counter")
    pin_hash = officer_pin_hash(session, officer_id)
    if not pin_hash:
        raise SignInRefused("pin_not_set", "this officer has no PIN yet")
    lockout = _lockout(session, officer_id, tablet_id, now)
    if lockout.locked_until is not None:
        raise _locked(lockout.locked_until)
    if not verify_pin(pin_hash, pin):
        raise _count_wrong_pin(session, lockout, now)
    lockout.failures = 0
    end_open_sign_in(session, tablet_id, "replaced", now)
    _end_sign_ins_of_officer(session, officer_id, now)
    sign_in = OfficerSignIn(
        officer_id=officer_id, tablet_id=tablet_id, counter_id=counter.id, signed_in_at=now
    )
    try:
        with session.begin_nested():
            session.add(sign_in)
    except IntegrityError:
        raise SignInRefused(
            "sign_in_conflict", "another sign-in happened at the same moment"
        ) from None
    return sign_in


def _lockout(session, officer_id: int, tablet_id: int, now: datetime) -> PinLockout:
    """Return the officer's wrong-PIN record at the tablet; a lock that ran out starts afresh."""
    lockout = session.get(PinLockout, (officer_id, tablet_id))
    if lockout is None:
        lockout = PinLockout(officer_id=officer_id, tablet_id=tablet_id, failures=0)
        session.add(lockout)
    elif lockout.locked_until is not None and lockout.locked_until <= now:
        lockout.failures, lockout.locked_until = 0, None
    return lockout


def _count_wrong_pin(session, lockout: PinLockout, now: datetime) -> SignInRefused:
    """Count a wrong PIN, locking at the limit; return the refusal to raise."""
    lockout.failures += 1
    if lockout.failures >= PIN_ATTEMPTS:
        lockout.locked_until = now + PIN_LOCK
    session.flush()
    if lockout.locked_until is not None:
        return _locked(lockout.locked_until)
    return SignInRefused(
        "wrong_pin", "the PIN is wrong", attempts_left=PIN_ATTEMPTS - lockout.failures
    )


def _locked(until: datetime) -> SignInRefused:
    return SignInRefused(
        "officer_locked", "too many wrong PINs; try again later", locked_until=until.isoformat()
    )


def _end_sign_ins_of_officer(session, officer_id: int, now: datetime) -> None:
    """An officer sits at one counter at a time: end their sign-ins at other tablets."""
    session.execute(
        update(OfficerSignIn)
        .where(OfficerSignIn.officer_id == officer_id, OfficerSignIn.signed_out_at.is_(None))
        .values(signed_out_at=now, sign_out_reason="replaced")
    )


def sign_out_officer(session, tablet_id: int, now: datetime) -> bool:
    """Sign out whoever is signed in at the tablet (the officer's own action).

    Returns whether someone was signed in.
    """
    if open_sign_in(session, tablet_id) is None:
        return False
    end_open_sign_in(session, tablet_id, "manual", now)
    return True


def _open_with_closing(session, where):
    return session.execute(
        select(OfficerSignIn.id, OfficerSignIn.signed_in_at, Site.closes_at)
        .join(Counter, Counter.id == OfficerSignIn.counter_id)
        .join(Site, Site.id == Counter.site_id)
        .where(OfficerSignIn.signed_out_at.is_(None), *where)
    ).all()


def sign_out_at_closing_time(
    session, zone: str, now: datetime, tablet_id: int | None = None
) -> int:
    """End every open sign-in whose closing moment has passed (at one tablet, or all).

    The sign-out is recorded at the closing moment itself, not when this runs, so a
    tablet switched off overnight still leaves a true record. Returns how many ended.
    """
    where = [] if tablet_id is None else [OfficerSignIn.tablet_id == tablet_id]
    ended = 0
    for row in _open_with_closing(session, where):
        ends = closing_moment(row.signed_in_at, row.closes_at, zone)
        if ends <= now:
            ended += session.execute(
                update(OfficerSignIn)
                .where(OfficerSignIn.id == row.id, OfficerSignIn.signed_out_at.is_(None))
                .values(signed_out_at=ends, sign_out_reason="closing_time")
            ).rowcount
    return ended


def sign_in_closing_due(session, tablet_id: int, zone: str, now: datetime) -> bool:
    """Say whether the tablet's open sign-in has passed its closing moment (read only)."""
    rows = _open_with_closing(session, [OfficerSignIn.tablet_id == tablet_id])
    return any(closing_moment(r.signed_in_at, r.closes_at, zone) <= now for r in rows)


def sign_in_covering(
    session, tablet_id: int, officer_id: int, moment: datetime
) -> CoveringSignIn | None:
    """Return the officer's sign-in at the tablet that covers moment (within the grace)."""
    row = session.execute(
        select(OfficerSignIn.id, OfficerSignIn.counter_id, Counter.site_id)
        .join(Counter, Counter.id == OfficerSignIn.counter_id)
        .where(
            OfficerSignIn.tablet_id == tablet_id,
            OfficerSignIn.officer_id == officer_id,
            OfficerSignIn.signed_in_at <= moment + SIGN_IN_GRACE,
            (OfficerSignIn.signed_out_at.is_(None))
            | (OfficerSignIn.signed_out_at >= moment - SIGN_IN_GRACE),
        )
        .order_by(OfficerSignIn.signed_in_at.desc())
        .limit(1)
    ).first()
    return CoveringSignIn(row.id, row.counter_id, row.site_id) if row else None
