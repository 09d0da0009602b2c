"""The signed-in person's own account: change the password (which ends the other sessions),
see the sessions signed in and end any of them."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from wtforms import PasswordField
from wtforms.validators import EqualTo

from admin.auth import ROLE_LABELS, clock, fresh_cookie, require_roles, sign_in
from admin.blueprint import bp
from admin.forms import ConsoleForm, required
from admin.passwords import PROBLEM_MESSAGES, hash_password, password_matches, password_problem
from models import StaffSession, User
from models.engine import restart_as_write
from models.ops import sessions as records
from models.ops.throttles import Check
from models.ops.users import set_password_hash
from web import throttle
from web.audit import audit
from web.db import get_session

ANYONE = tuple(ROLE_LABELS)


class NewPasswordForm(ConsoleForm):
    """A new password typed twice."""

    new_password = PasswordField(_l("New password"), validators=[required()])
    confirm = PasswordField(
        _l("New password again"),
        validators=[required(), EqualTo("new_password", _l("The two passwords differ."))],
    )

    def check_policy(self, username: str) -> bool:
        """Apply the password policy; add the reason to the field when refused."""
        problem = password_problem(self.new_password.data or "", username)
        if problem:
            self.new_password.errors.append(PROBLEM_MESSAGES[problem])
        return problem is None


class ChangePasswordForm(NewPasswordForm):
    """The current password, then the new one twice."""

    current_password = PasswordField(_l("Current password"), validators=[required()])


def _throttle_password_change(user: User):
    """Count an attempt at the current password (a stolen session must not guess it)."""
    if not throttle.enabled():
        return None
    check = Check(f"password-change/user/{user.id}", throttle.limits("PASSWORD_CHANGE_LIMITS"))
    verdict = throttle.take([check], refusal_action="user.password_change_throttled",
                            note=f"username={user.username}")
    return None if verdict.allowed else throttle.wait_seconds(verdict.retry_after)


@bp.route("/account/password", methods=["GET", "POST"])
@require_roles(*ANYONE)
def change_password():
    """Change one's own password; every other session of the account ends."""
    form = ChangePasswordForm()
    user = current_user.user
    if not (form.validate_on_submit() and form.check_policy(user.username)):
        return render_template("admin/change_password.html", form=form)
    wait = _throttle_password_change(user)
    if wait:
        flash(_("Too many attempts. Please wait %(seconds)d seconds and try again.",
                seconds=wait), "error")
        return render_template("admin/change_password.html", form=form), 429, {
            "Retry-After": str(wait)}
    db = get_session()
    restart_as_write(db)
    user, record = db.get(User, current_user.user.id), db.get(StaffSession,
                                                              current_user.record.id)
    if not password_matches(user.password_hash, form.current_password.data):
        audit("user.password_change_failure", "user", user.id)
        db.commit()
        form.current_password.errors.append(_("The current password is wrong."))
        return render_template("admin/change_password.html", form=form)
    set_password_hash(db, user, hash_password(form.new_password.data), keep=record.id)
    token = records.promote(db, record)
    audit("user.password_change", "user", user.id)
    db.commit()
    sign_in(user, record, token)
    flash(_("Your password has been changed. Other sessions have been signed out."))
    return redirect(url_for("admin.home"))


@bp.get("/account/sessions")
@require_roles(*ANYONE)
def account_sessions():
    """List the browsers signed in to one's account, the current one marked."""
    rows = records.open_sessions(get_session(), current_user.user.id)
    return render_template("admin/account_sessions.html", rows=rows,
                           current_id=current_user.record.id)


@bp.post("/account/sessions/<int:session_id>/end")
@require_roles(*ANYONE)
def account_session_end(session_id):
    """End one session of one's own account (signing that browser out at once)."""
    db = get_session()
    restart_as_write(db)
    record = db.get(StaffSession, session_id)
    if record is None or record.user_id != current_user.user.id:
        abort(404)
    if records.end_session(db, record.id, "ended_by_user", clock()):
        audit("session.end", "staff_session", record.id, note=record.ip)
    db.commit()
    if record.id == current_user.record.id:
        logout_user()
        fresh_cookie()
        return redirect(url_for("admin.login"))
    flash(_("That session has been signed out."))
    return redirect(url_for("admin.account_sessions"))


@bp.post("/account/sessions/end-others")
@require_roles(*ANYONE)
def account_sessions_end_others():
    """End every session of one's account but this one."""
    db = get_session()
    restart_as_write(db)
    ended = records.end_user_sessions(db, current_user.user.id, "ended_by_user", clock(),
                                      keep=current_user.record.id)
    if ended:
        audit("session.end_others", "user", current_user.user.id, note=f"{ended} sessions")
    db.commit()
    flash(_("Every other session has been signed out."))
    return redirect(url_for("admin.account_sessions"))


def init_app(app) -> None:
    """Default limit on attempts at the current password."""
    app.config.setdefault("PASSWORD_CHANGE_LIMITS", "5/15 minutes;20/day")
