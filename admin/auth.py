"""Staff log-in and role checks for every console route."""

from functools import wraps

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.security import check_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from admin.blueprint import bp
from models import User
from models.base import utcnow
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
                audit("permission.denied", note=f"{request.method} {request.path}")
                get_session().commit()
                abort(403)
            return view(*args, **kwargs)

        guarded.allowed_roles = ("admin", *roles)
        return guarded

    return decorator


class LoginForm(FlaskForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign a staff member in."""
    form = LoginForm()
    if form.validate_on_submit():
        session = get_session()
        username = form.username.data.strip().lower()
        user = session.scalar(select(User).where(User.username == username))
        if user and user.active and check_password_hash(user.password_hash, form.password.data):
            user.last_login_at = utcnow()
            login_user(StaffUser(user))
            audit("login.success", "user", user.id)
            session.commit()
            return redirect(_safe_next() or url_for("admin.home"))
        audit("login.failure", note=f"username={username}")
        session.commit()
        flash(_("Wrong username or password."), "error")
    return render_template("admin/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out."""
    if current_user.is_authenticated:
        audit("logout", "user", current_user.user.id)
        get_session().commit()
    logout_user()
    return redirect(url_for("admin.login"))


def _safe_next() -> str | None:
    """Return the ?next= target when it stays on this site."""
    target = request.args.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def init_app(app) -> None:
    """Bind Flask-Login to the console's log-in page."""
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "admin.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.session_protection = "strong"
