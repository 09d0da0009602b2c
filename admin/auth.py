"""Staff log-in, session lifetime and role checks for every console route.

Sessions: a new session on every log-in (nothing from before survives it); it ends after
30 minutes without a request the person made (the alerts feed polling in the background
does not count) and 12 hours after log-in at the latest; raising the account's
``session_epoch`` (password change, reset or disabling) ends every session of the account.
"""

import time
from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_user, logout_user
from sqlalchemy import select
from wtforms import PasswordField, StringField

from admin import throttle
from admin.blueprint import bp
from admin.forms import ConsoleForm, at_most, required
from admin.passwords import password_matches
from models import User
from models.base import utcnow
from models.engine import restart_as_write
from web.audit import audit
from web.db import get_session
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
#: Refresh the "last seen" time at most this often (it rewrites the session cookie).
SEEN_RESOLUTION_SECONDS = 30


class StaffUser(UserMixin):
    """The signed-in staff member; the session id carries the account's session epoch."""

    def __init__(self, user: User):
        self.user = user
        self.role = user.role
        self.username = user.username

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_epoch}"


def load_user(session_id: str):
    """Load the account for a session id, refusing ended sessions and disabled accounts."""
    user_id, _sep, epoch = session_id.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = get_session().get(User, int(user_id))
    if user is None or not user.active or user.session_epoch != int(epoch):
        return None
    return StaffUser(user)


def require_roles(*roles):
    """Allow a view to the given roles (administrators always); others get 403, logged."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role != "admin" and current_user.role not in roles:
                restart_as_write(get_session())
                audit("permission.denied", note=f"{request.method} {request.path}")
                get_session().commit()
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = ("admin", *roles)
        return guarded

    return decorator


class LoginForm(ConsoleForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[required(), at_most(64)])
    password = PasswordField(_l("Password"), validators=[required(), at_most(256)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign a staff member in, refusing attempts that come too fast after failures."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("admin/login.html", form=form)
    username = form.username.data.strip().lower()
    client = request.remote_addr or "unknown"
    db = get_session()
    restart_as_write(db)
    wait = throttle.seconds_to_wait(username, client)
    if wait:
        audit("login.throttled", note=f"username={username}")
        db.commit()
        return _too_many_attempts(form, wait)
    user = db.scalar(select(User).where(User.username == username))
    if user and user.active and password_matches(user.password_hash, form.password.data):
        throttle.clear_username(username)
        user.last_login_at = utcnow()
        start_session(user)
        audit("login.success", "user", user.id)
        db.commit()
        return redirect(_safe_next() or url_for("admin.home"))
    throttle.record_failure(username, client)
    audit("login.failure", note=f"username={username}")
    db.commit()
    flash(_("Wrong username or password."), "error")
    return render_template("admin/login.html", form=form)


def _too_many_attempts(form, wait: int):
    message = _("Too many failed attempts. Please wait %(seconds)d seconds and try again.",
                seconds=wait)
    flash(message, "error")
    response = current_app.make_response((render_template("admin/login.html", form=form), 429))
    response.headers["Retry-After"] = str(wait)
    return response


def start_session(user: User) -> None:
    """Start a new session for user: drop everything the old one held, keep the language."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(StaffUser(user))
    now = time.time()
    session["auth_at"] = now
    session["seen_at"] = now


@bp.post("/logout")
def logout():
    """Sign out."""
    if current_user.is_authenticated:
        restart_as_write(get_session())
        audit("logout", "user", current_user.user.id)
        get_session().commit()
    logout_user()
    session.clear()
    return redirect(url_for("admin.login"))


@bp.before_request
def end_expired_session():
    """End a session idle for too long or older than the absolute limit."""
    if request.endpoint == "admin.static" or not current_user.is_authenticated:
        return None
    now = time.time()
    idle = current_app.config["CONSOLE_IDLE_TIMEOUT_MINUTES"] * 60
    absolute = current_app.config["CONSOLE_ABSOLUTE_TIMEOUT_HOURS"] * 3600
    auth_at, seen_at = session.get("auth_at"), session.get("seen_at")
    if auth_at is None or seen_at is None or now - seen_at > idle or now - auth_at > absolute:
        logout_user()
        session.clear()
        if request.endpoint in BACKGROUND_ENDPOINTS:
            abort(401)
        flash(_("Your session has ended. Please sign in again."), "error")
        return redirect(url_for("admin.login", next=request.full_path))
    if request.endpoint not in BACKGROUND_ENDPOINTS and now - seen_at > SEEN_RESOLUTION_SECONDS:
        session["seen_at"] = now
    return None


def _safe_next() -> str | None:
    """Return the ?next= target when it stays on this site."""
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def init_app(app) -> None:
    """Bind Flask-Login to the console's log-in page; default session lifetimes."""
    app.config.setdefault("CONSOLE_IDLE_TIMEOUT_MINUTES", 30)
    app.config.setdefault("CONSOLE_ABSOLUTE_TIMEOUT_HOURS", 12)
    throttle.init_app(app)
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.session_protection = "strong"
