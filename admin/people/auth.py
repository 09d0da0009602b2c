"""Staff sessions and role checks for every console route.

Sessions live on the server (models.sessions): the signed cookie carries a random secret
and the database its hash, so a session ends everywhere the moment its record does — on
log-out, a password change or reset, a disabled account, "end this session" on the
account page, 30 minutes without a request the person made (the alerts feed polling in
the background does not count) or 12 hours after log-in. Every log-in starts a new
session; nothing the browser held before survives it.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_user, logout_user

from admin.blueprint import bp
from models import User
from models.ops import sessions as records
from models.sessions import StaffSession
from web.audit import audit
from web.db import get_database, get_session, write_session
from web.extensions import login_manager

#: Role codes and their names in the console.
ROLE_LABELS = {
    "admin": _l("Administrator"),
    "leader": _l("Centre leader"),
    "hr": _l("HR staff"),
    "liaison": _l("Department liaison"),
    "officer": _l("Counter officer"),
}

#: Requests made by scripts in the background, which must not keep a session alive.
BACKGROUND_ENDPOINTS = {"admin.alerts_feed"}
#: Note the last request at most this often (each note is a small write).
SEEN_RESOLUTION_SECONDS = 30
#: Cookie-session key of a log-in waiting for its second factor.
PENDING = "pending_login"


def clock() -> datetime:
    """Return now, read from time.time (the clock the throttles and the tests move)."""
    return datetime.fromtimestamp(time.time(), UTC)


@dataclass
class StaffUser(UserMixin):
    """The signed-in staff member, with the session record that lets them in."""

    user: User
    record: StaffSession
    token: str

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def username(self) -> str:
        return self.user.username

    def get_id(self) -> str:
        return self.token


def session_limits() -> records.SessionLimits:
    """Return how long sessions live, from the settings."""
    config = current_app.config
    return records.SessionLimits(
        idle=timedelta(minutes=config["CONSOLE_IDLE_TIMEOUT_MINUTES"]),
        absolute=timedelta(hours=config["CONSOLE_ABSOLUTE_TIMEOUT_HOURS"]))


def load_user(token: str):
    """Return the staff member of an open, fully signed-in session, or None."""
    record = records.find_session(get_session(), token)
    if record is None or record.ended_at is not None or record.stage != "full":
        return None
    if not record.user.active:
        return None
    return StaffUser(record.user, record, token)


def require_roles(*roles):
    """Allow a view to the given roles (administrators always); others get 403, logged."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role != "admin" and current_user.role not in roles:
                write_session(get_session())
                audit("permission.denied", note=f"{request.method} {request.path}")
                get_session().commit()
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = ("admin", *roles)
        return guarded

    return decorator


def fresh_cookie() -> None:
    """Drop everything the cookie session held but the chosen language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def open_session(user: User, stage: str) -> tuple[StaffSession, str]:
    """Start a server session for user in the request's write transaction (flush only)."""
    return records.start_session(
        get_session(), user, stage=stage, now=clock(), ip=request.remote_addr,
        user_agent=request.headers.get("User-Agent", ""))


def sign_in(user: User, record: StaffSession, token: str) -> None:
    """Make the browser signed in to the session record (which must be at stage "full")."""
    fresh_cookie()
    login_user(StaffUser(user, record, token))


def wait_for_second_factor(token: str, next_url: str | None) -> None:
    """Remember in the cookie a log-in whose password was right; the second factor is due."""
    fresh_cookie()
    session[PENDING] = token
    if next_url:
        session["login_next"] = next_url


def pending_session() -> StaffSession | None:
    """Return the log-in waiting for its second factor, if it is still open and recent."""
    record = records.find_session(get_session(), session.get(PENDING, ""))
    if record is None or record.ended_at is not None or record.stage == "full":
        return None
    if not record.user.active or records.expiry_reason(record, clock(), session_limits()):
        return None
    return record


def in_own_transaction(work) -> None:
    """Run work(session) in a short write transaction of its own and commit it.

    Used for what the session check writes before the view runs, so the view's own
    transaction starts clean.
    """
    with get_database().sessions() as other:
        write_session(other)
        work(other)
        other.commit()


@bp.before_request
def check_session():
    """End a session idle for too long or older than the absolute limit; note activity."""
    if request.endpoint == "admin.static" or not current_user.is_authenticated:
        return None
    record, now = current_user.record, clock()
    reason = records.expiry_reason(record, now, session_limits())
    if reason:
        in_own_transaction(lambda other: records.end_session(other, record.id, reason, now))
        logout_user()
        fresh_cookie()
        if request.endpoint in BACKGROUND_ENDPOINTS:
            abort(401)
        flash(_("Your session has ended. Please sign in again."), "error")
        return redirect(url_for("admin.login", next=request.full_path))
    seen_long_ago = now - record.last_seen_at > timedelta(seconds=SEEN_RESOLUTION_SECONDS)
    if request.endpoint not in BACKGROUND_ENDPOINTS and seen_long_ago:
        in_own_transaction(lambda other: records.touch(other, record.id, now))
    return None


def init_app(app) -> None:
    """Bind Flask-Login to the console's log-in page; default session lifetimes."""
    app.config.setdefault("CONSOLE_IDLE_TIMEOUT_MINUTES", 30)
    app.config.setdefault("CONSOLE_ABSOLUTE_TIMEOUT_HOURS", 12)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.session_protection = "strong"
