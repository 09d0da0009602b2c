"""Officers signing in and out at a counter tablet: PIN-checked, ended at closing time.

Every sign-in and sign-out is kept: they are the evidence of who sat at which counter
when, and a tablet rating is accepted only for an officer signed in at that moment.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, update
from sqlalchemy.exc import IntegrityError

from models.devices import OfficerSignIn
from models.engine import run
from models.ops.devices import end_open_sign_in
from models.ops.pins import DEFAULT_POLICY, LockoutPolicy, SignInRefused, check_pin
from models.org import Counter, Site
from models.queries.devices import (
    CounterView,
    officer_for_counter,
    officer_pin_hash,
    open_sign_in,
)

#: Allowance at both ends of a sign-in when checking a rating's moment: the tablet's
#: clock is estimated from one request, so it carries that request's network delay.
SIGN_IN_GRACE = timedelta(seconds=30)


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
    settle: Callable[[], None] = lambda: None,
    policy: LockoutPolicy = DEFAULT_POLICY,
) -> OfficerSignIn:
    """Sign an officer in at a tablet after checking their PIN; flush only.

    Whoever was signed in at the tablet, and the officer's own sign-in at any other
    tablet, end as "replaced". The attempt is counted before the PIN is checked
    (``models.ops.pins.check_pin``; ``settle`` runs in between), so the caller must
    commit on a wrong PIN or a lock too.

    :raises SignInRefused: unknown_officer, pin_not_set, officer_locked, wrong_pin or
        sign_in_conflict.
    """
    pin_hash = _pin_hash_of(session, counter, officer_id)
    check_pin(session, officer_id, tablet_id, pin_hash, pin, verify_pin=verify_pin, now=now,
              settle=settle, policy=policy)
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


def _pin_hash_of(session, counter: CounterView, officer_id: int) -> str:
    if officer_for_counter(session, counter, officer_id) is None:
        raise SignInRefused("unknown_officer", "this officer cannot sign in at this counter")
    pin_hash = officer_pin_hash(session, officer_id)
    if not pin_hash:
        raise SignInRefused("pin_not_set", "this officer has no PIN yet")
    return pin_hash


def _end_sign_ins_of_officer(session, officer_id: int, now: datetime) -> None:
    """An officer sits at one counter at a time: end their sign-ins at other tablets."""
    session.execute(
        update(OfficerSignIn)
        .where(OfficerSignIn.officer_id == officer_id, OfficerSignIn.signed_out_at.is_(None))
        .values(signed_out_at=now, sign_out_reason="replaced")
    )


def sign_out_officer(session, tablet_id: int, now: datetime) -> bool:
    """Sign out whoever is signed in at the tablet, without a PIN (console and tests).

    Returns whether someone was signed in.
    """
    if open_sign_in(session, tablet_id) is None:
        return False
    end_open_sign_in(session, tablet_id, "manual", now)
    return True


def sign_out_with_pin(
    session, tablet_id: int, pin: str, *, verify_pin: Callable[[str, str], bool],
    now: datetime, settle: Callable[[], None] = lambda: None,
    policy: LockoutPolicy = DEFAULT_POLICY,
) -> bool:
    """Sign out the officer signed in at the tablet, who proves it with their own PIN.

    A citizen at the tablet cannot end the officer's session: the PIN is counted and
    locked exactly as at sign-in. Returns False when nobody was signed in. Flush only.

    :raises SignInRefused: pin_not_set, officer_locked or wrong_pin.
    """
    signed_in = open_sign_in(session, tablet_id)
    if signed_in is None:
        return False
    pin_hash = officer_pin_hash(session, signed_in.officer_id)
    if not pin_hash:
        raise SignInRefused("pin_not_set", "this officer has no PIN yet")
    check_pin(session, signed_in.officer_id, tablet_id, pin_hash, pin, verify_pin=verify_pin,
              now=now, settle=settle, policy=policy)
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


#: Prebuilt (models.engine.run): every tablet rating asks it.
_COVERING = (
    select(OfficerSignIn.id, OfficerSignIn.counter_id, Counter.site_id)
    .join(Counter, Counter.id == OfficerSignIn.counter_id)
    .where(
        OfficerSignIn.tablet_id == bindparam("tablet_id"),
        OfficerSignIn.officer_id == bindparam("officer_id"),
        OfficerSignIn.signed_in_at <= bindparam("latest_start"),
        (OfficerSignIn.signed_out_at.is_(None))
        | (OfficerSignIn.signed_out_at >= bindparam("earliest_end")),
    )
    .order_by(OfficerSignIn.signed_in_at.desc())
    .limit(1)
)


def closing_due(signed_in_at: datetime | None, closes_at: time | None, zone: str,
                now: datetime) -> bool:
    """Say whether an open sign-in (begun at ``signed_in_at``, at a site closing at
    ``closes_at``) has passed its closing moment; False when there is none."""
    if signed_in_at is None or closes_at is None:
        return False
    return closing_moment(signed_in_at, closes_at, zone) <= now


def sign_in_covering(
    session, tablet_id: int, officer_id: int, moment: datetime
) -> CoveringSignIn | None:
    """Return the officer's sign-in at the tablet that covers moment (within the grace)."""
    row = run(session, _COVERING, {
        "tablet_id": tablet_id, "officer_id": officer_id,
        "latest_start": moment + SIGN_IN_GRACE, "earliest_end": moment - SIGN_IN_GRACE,
    }).first()
    return CoveringSignIn(row.id, row.counter_id, row.site_id) if row else None
