"""The signed-in person's own account: change the password (which ends the other sessions),
see the sessions signed in and end any of them (the password is asked again)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from wtforms import PasswordField

from admin.common.forms import ConsoleForm, at_most, required
from admin.people.auth import ROLE_LABELS, clock, fresh_cookie, require_roles, sign_in
from admin.people.forms import NewPasswordForm
from admin.people.passwords import (
    hash_password,
    password_matches,
)
from models import StaffSession, User
from models.ops import sessions as records
from models.ops.throttles import Check
from models.ops.users import set_password_hash
from web import throttle
from web.audit import audit
from web.db import get_session, write_session
from web.urls import MAX_PATH_ID

ANYONE = tuple(ROLE_LABELS)


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


@require_roles(*ANYONE)
def change_password():
    """Change one's own password; every other session of the account ends."""
    form = ChangePasswordForm()
    user = current_user.user
    if not (form.validate_on_submit() and form.check_policy(user.username)):
        return render_template("people/change_password.html", form=form)
    wait = _throttle_password_change(user)
    if wait:
        flash(_("Too many attempts. Please wait %(seconds)d seconds and try again.",
                seconds=wait), "error")
        return render_template("people/change_password.html", form=form), 429, {
            "Retry-After": str(wait)}
    db = write_session()
    user, record = db.get(User, current_user.user.id), db.get(StaffSession,
                                                              current_user.record.id)
    if not password_matches(user.password_hash, form.current_password.data):
        audit("user.password_change_failure", "user", user.id)
        db.commit()
        form.current_password.errors.append(_("The current password is wrong."))
        return render_template("people/change_password.html", form=form)
    set_password_hash(db, user, hash_password(form.new_password.data), keep=record.id)
    token = records.promote(db, record)
    audit("user.password_change", "user", user.id)
    db.commit()
    sign_in(user, record, token)
    flash(_("Your password has been changed. Other sessions have been signed out."))
    return redirect(url_for("admin.home"))


class EndSessionsForm(ConsoleForm):
    """The password, typed again to end sessions (a browser left signed in is not enough)."""

    password = PasswordField(_l("Your password"), validators=[required(), at_most(256)])


@require_roles(*ANYONE)
def account_sessions():
    """List the browsers signed in to one's account; end one of them, or all but this one."""
    form = EndSessionsForm()
    target = request.form.get("end", "")
    if form.validate_on_submit() and (target == "others" or _session_id(target)):
        ended = _end_sessions(form, target)
        if ended is not None:
            return ended
    rows = records.open_sessions(get_session(), current_user.user.id)
    return render_template("people/account_sessions.html", rows=rows, form=form,
                           current_id=current_user.record.id)


def _session_id(value: str) -> int | None:
    """Return a session id typed in a form, or None for anything that cannot be one."""
    if value.isascii() and value.isdigit() and len(value) <= 10 and int(value) <= MAX_PATH_ID:
        return int(value)
    return None


def _end_sessions(form, target: str):
    """End the sessions asked for once the password is right; None to show the page again."""
    wait = _throttle_password_change(current_user.user)
    if wait:
        flash(_("Too many attempts. Please wait %(seconds)d seconds and try again.",
                seconds=wait), "error")
        return None
    db = write_session()
    user = db.get(User, current_user.user.id)
    if not password_matches(user.password_hash, form.password.data):
        audit("session.end_refused", "user", user.id)
        db.commit()
        form.password.errors.append(_("The password is wrong."))
        return None
    if target == "others":
        ended = records.end_user_sessions(db, user.id, "ended_by_user", clock(),
                                          keep=current_user.record.id)
        audit("session.end_others", "user", user.id, note=f"{ended} sessions")
        db.commit()
        flash(_("Every other session has been signed out."))
        return redirect(url_for("admin.account_sessions"))
    record = db.get(StaffSession, _session_id(target))
    if record is None or record.user_id != user.id:
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


def init_app(app) -> None:
    """Default limit on attempts at the current password."""
    app.config.setdefault("PASSWORD_CHANGE_LIMITS", "5/15 minutes;20/day")
