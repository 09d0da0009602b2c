"""Who is calling: a tablet proves itself with its device secret in a header, never a cookie."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, request
from sqlalchemy.orm import Session

from models.ops.devices import hash_secret
from models.ops.signins import closing_due, sign_out_at_closing_time
from models.queries.devices import CounterView, TabletIdentity, tablet_by_secret
from web.clock import server_now
from web.db import get_session, write_session
from web.errors import ApiError

#: The header that carries the device secret on every tablet call.
TABLET_KEY_HEADER = "X-Tablet-Key"
#: Device secrets are 43 characters; anything much longer is not one.
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class TabletCall:
    """An authenticated tablet request: the session, the tablet, its counter and the time."""

    session: Session
    tablet: TabletIdentity
    counter: CounterView
    now: datetime
    zone: str


def not_authorised(status: int, code: str) -> ApiError:
    """Return the error a tablet shows as "Thiết bị chưa được cấp phép"."""
    return ApiError(status, code, "This device is not authorised: pair it again with a new code.")


def _identify(session) -> tuple[TabletIdentity, CounterView]:
    secret = request.headers.get(TABLET_KEY_HEADER, "").strip()
    if not secret or len(secret) > MAX_KEY_LENGTH:
        raise not_authorised(401, "tablet_unknown")
    found = tablet_by_secret(session, hash_secret(secret))
    if found is None:
        raise not_authorised(401, "tablet_unknown")
    tablet, counter = found
    if tablet.revoked:
        raise not_authorised(403, "tablet_revoked")
    if counter is None:
        raise not_authorised(403, "tablet_unassigned")
    return tablet, counter


def tablet_call(*, write: bool) -> TabletCall:
    """Authenticate the calling tablet and sign out a sign-in past its closing time.

    Closing-time sign-out is lazy: every tablet call (the page polls and beats its
    heart) ends an open sign-in whose site has closed, recorded at the closing moment;
    `hailong kiosk close-sign-ins` does the same for all tablets from cron.
    A write call starts a write transaction (SQLite: BEGIN IMMEDIATE) that the view
    commits; a read call switches to one only when a sign-out is due, and commits it.

    :raises ApiError: 401/403 for a missing, unknown, revoked or unassigned tablet.
    """
    session = get_session()
    if write:
        write_session(session)
    zone, now = current_app.config["TIMEZONE"], server_now()
    tablet, counter = _identify(session)
    if closing_due(tablet.open_signed_in_at, tablet.open_closes_at, zone, now):
        if not write:
            session.rollback()
            write_session(session)
        sign_out_at_closing_time(session, zone, now, tablet_id=tablet.id)
        if not write:
            session.commit()
    return TabletCall(session, tablet, counter, now, zone)
