"""Signing in to the console: the password, then (when the account has or needs one) the
second factor — a code from the authenticator app or a recovery code, or setting the app
up the first time.

Every step answers the same whatever is wrong: a wrong username and a wrong password get
the same message after the same work (the password hasher runs either way), and every
attempt is reserved against the log-in throttle before the password is checked.
"""

import re
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from sqlalchemy import select
from wtforms import PasswordField, StringField

from admin.common.forms import ConsoleForm, at_most, required
from admin.people import second_factor, throttle
from admin.people.auth import (
    PENDING,
    clock,
    fresh_cookie,
    open_session,
    pending_session,
    sign_in,
    wait_for_second_factor,
)
from admin.people.passwords import hash_password, needs_rehash, password_matches, unknown_user_hash
from models import User
from models.ops import second_factor as factor
from models.ops import sessions as records
from models.ops.users import rehash_password
from web.audit import audit
from web.bodies import body_limit
from web.db import get_session, write_session
from web.throttle import now as throttle_clock
from web.throttle import wait_seconds

#: Largest body of the sign-in forms, in bytes.
MAX_LOGIN_BYTES = 8 * 1024
#: A ?next= target: a path of the console, printable ASCII only (no tab, newline or
#: backslash a browser would read as a way off the site).
SAFE_NEXT = re.compile(r"/admin(?:[/?][\x21-\x7e]*)?")


class LoginForm(ConsoleForm):
    """Username and password."""

    username = StringField(_l("Username"), validators=[required(), at_most(64)])
    password = PasswordField(_l("Password"), validators=[required(), at_most(256)])


class CodeForm(ConsoleForm):
    """The 6-digit code of the authenticator app, or a recovery code."""

    code = StringField(_l("Code"), validators=[required(), at_most(32)])


def safe_next(target: str | None) -> str | None:
    """Return target when it is a path of this console, else None."""
    if not target or len(target) > 500 or not SAFE_NEXT.fullmatch(target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or target.startswith("//"):
        return None
    return target


@body_limit(MAX_LOGIN_BYTES)
def login():
    """Check username and password; sign in, or go on to the second factor."""
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("people/login.html", form=form)
    username = form.username.data.strip().lower()
    verdict = throttle.reserve(username, request.remote_addr or "unknown")
    if not verdict.allowed:
        return _too_many_attempts(form, verdict.retry_after)
    db = get_session()
    user = db.scalar(select(User).where(User.username == username))
    matches = password_matches(user.password_hash if user else unknown_user_hash(),
                               form.password.data)
    write_session(db)
    if not (matches and user is not None and user.active):
        audit("login.failure", note=f"username={username}")
        db.commit()
        flash(_("Wrong username or password."), "error")
        return render_template("people/login.html", form=form)
    return _password_accepted(db.get(User, user.id), form.password.data)


def _password_accepted(user: User, password: str):
    """Clear the throttle, upgrade the hash, then sign in or ask for the second factor."""
    db = get_session()
    throttle.clear_username(user.username)
    if needs_rehash(user.password_hash):
        rehash_password(db, user, hash_password(password))
    next_url = safe_next(request.args.get("next"))
    stage = second_factor.stage_after_password(user)
    record, token = open_session(user, stage)
    if stage == "full":
        user.last_login_at = clock()
        sign_in(user, record, token)
        audit("login.success", "user", user.id)
        db.commit()
        return redirect(next_url or url_for("admin.home"))
    if stage == "enrol":
        second_factor.enrolment_seed(user)
    audit("login.password_accepted", "user", user.id, note=f"next step: {stage}")
    db.commit()
    wait_for_second_factor(token, next_url)
    return redirect(url_for("admin.login_code" if stage == "second_factor"
                            else "admin.login_enrol"))


def _too_many_attempts(form, retry_after: float):
    wait = wait_seconds(retry_after)
    message = _("Too many failed attempts. Please wait %(seconds)d seconds and try again.",
                seconds=wait)
    flash(message, "error")
    response = current_app.make_response((render_template("people/login.html", form=form), 429))
    response.headers["Retry-After"] = str(wait)
    return response


def _expired_step():
    """The step between password and second factor is gone (too old, or ended)."""
    session.pop(PENDING, None)
    flash(_("Your sign-in has expired. Please sign in again."), "error")
    return redirect(url_for("admin.login"))


def _finish(record, user, how: str):
    """Turn a log-in waiting for its second factor into a signed-in session; commit."""
    db = get_session()
    token = records.promote(db, record)
    user.last_login_at = clock()
    next_url = session.get("login_next")
    sign_in(user, record, token)
    audit("login.success", "user", user.id, note=f"second factor: {how}")
    db.commit()
    return next_url or url_for("admin.home")


def _too_many_codes(verdict, template: str, **context):
    wait = wait_seconds(verdict.retry_after)
    flash(_("Too many wrong codes. Please wait %(seconds)d seconds and try again.",
            seconds=wait), "error")
    return render_template(template, **context), 429, {"Retry-After": str(wait)}


@body_limit(MAX_LOGIN_BYTES)
def login_code():
    """Ask for the authenticator app's code (or a recovery code) after the password."""
    record = pending_session()
    if record is None or record.stage != "second_factor":
        return _expired_step()
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("people/login_code.html", form=form)
    verdict = second_factor.throttle_codes(record.user)
    if not verdict.allowed:
        return _too_many_codes(verdict, "people/login_code.html", form=form)
    db = write_session()
    record = pending_session()
    if record is None:
        return _expired_step()
    how = second_factor.check_code(record.user, form.code.data)
    if how is None:
        audit("login.second_factor_failure", "user", record.user_id)
        db.commit()
        form.code.errors.append(_("This code is not right, or it has been used already."))
        return render_template("people/login_code.html", form=form)
    return redirect(_finish(record, record.user, how))


@body_limit(MAX_LOGIN_BYTES)
def login_enrol():
    """Set up the authenticator app, which this account must use, then sign in."""
    record = pending_session()
    seed = second_factor.seed_box().open(record.user.totp_secret) if record else None
    if record is None or record.stage != "enrol" or seed is None:
        return _expired_step()
    form = CodeForm()
    shown = {"form": form, "enrolment": second_factor.enrolment(record.user, seed)}
    if not form.validate_on_submit():
        return render_template("people/login_enrol.html", **shown)
    verdict = second_factor.throttle_codes(record.user)
    if not verdict.allowed:
        return _too_many_codes(verdict, "people/login_enrol.html", **shown)
    db = write_session()
    record = pending_session()
    if record is None:
        return _expired_step()
    user = record.user
    step = factor.matching_step(seed, form.code.data, throttle_clock())
    if step is None:
        audit("login.second_factor_failure", "user", user.id, note="enrolment")
        db.commit()
        form.code.errors.append(_("This code is not right. Check the time on your phone and "
                                  "type the code the app shows now."))
        return render_template("people/login_enrol.html", **shown)
    factor.confirm_enrolment(db, user, step, clock())
    second_factor.codes_accepted(user)
    codes = second_factor.new_recovery_codes(user)
    audit("user.second_factor_enable", "user", user.id)
    next_url = _finish(record, user, "enrolment")
    return render_template("people/recovery_codes.html", codes=codes, next_url=next_url)


def logout():
    """Sign out: the session ends on the server, whatever copies of the cookie exist."""
    if current_user.is_authenticated:
        db = write_session()
        records.end_session(db, current_user.record.id, "logout", clock())
        audit("logout", "user", current_user.user.id)
        db.commit()
    logout_user()
    fresh_cookie()
    response = redirect(url_for("admin.login"))
    # Drop what the browser cached of the console (pages are no-store, but older copies
    # and anything a proxy let through go too); storage is left alone: the counter
    # tablet's outbox may live in the same browser.
    response.headers["Clear-Site-Data"] = '"cache"'
    return response
