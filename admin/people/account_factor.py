"""One's own two-step sign-in: set up the authenticator app, replace it, get new recovery
codes, or turn it off (only when one's role does not require it).

Every change asks for the password again, and for a current code when the app is already
on, so a session left open on a shared computer cannot swap the factor. The new app's key
waits, sealed, in the cookie until its first code proves the app works; the old one keeps
working until then.
"""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField, StringField

from admin.common.forms import ConsoleForm, at_most
from admin.people import second_factor
from admin.people.auth import ROLE_LABELS, clock, require_roles
from admin.people.passwords import password_matches
from models import User
from models.ops import second_factor as factor
from models.ops.sessions import end_user_sessions
from web.audit import audit
from web.db import get_session, write_session
from web.throttle import now as throttle_clock
from web.throttle import wait_seconds

#: Cookie-session key of the sealed key of an app being set up.
ENROLLING = "enrolling_seed"


class ConfirmForm(ConsoleForm):
    """The password, and a code when the app is on (or the new app's first code)."""

    password = PasswordField(_l("Your password"), validators=[at_most(256)])
    code = StringField(_l("Code"), validators=[at_most(32)])


def _page(form, **context):
    user = current_user.user
    return render_template(
        "people/two_factor.html", form=form, user=user,
        required=second_factor.is_required(user),
        codes_left=factor.recovery_codes_left(get_session(), user.id), **context)


@require_roles(*ROLE_LABELS)
def two_factor():
    """Show the state of one's two-step sign-in and change it."""
    form = ConfirmForm()
    if request.method == "GET" or not form.validate_on_submit():
        return _page(form)
    action = request.form.get("action", "")
    if action == "confirm":
        return _confirm(form)
    if action not in ("start", "codes", "disable"):
        return _page(form), 400
    verdict = second_factor.throttle_codes(current_user.user)
    if not verdict.allowed:
        flash(_("Too many wrong codes. Please wait %(seconds)d seconds and try again.",
                seconds=wait_seconds(verdict.retry_after)), "error")
        return _page(form), 429
    db = write_session()
    user = db.get(User, current_user.user.id)
    if not _proven(user, form):
        audit("user.second_factor_change_refused", "user", user.id, note=action)
        db.commit()
        return _page(form)
    return {"start": _start, "codes": _new_codes, "disable": _disable}[action](user, form)


def _proven(user: User, form) -> bool:
    """Check the password, and a current code when the app is on; add the errors."""
    if not password_matches(user.password_hash, form.password.data or ""):
        form.password.errors.append(_("The password is wrong."))
        return False
    if user.totp_enabled_at is None:
        return True
    if second_factor.check_code(user, form.code.data or "") is None:
        form.code.errors.append(_("This code is not right, or it has been used already."))
        return False
    return True


def _start(user: User, form):
    seed = factor.new_seed()
    session[ENROLLING] = second_factor.seed_box().seal(seed)
    get_session().commit()  # a code given to prove the old app is spent
    return _page(ConfirmForm(formdata=None), enrolment=second_factor.enrolment(user, seed))


def _confirm(form):
    seed = second_factor.seed_box().open(session.get(ENROLLING))
    if seed is None:
        return redirect(url_for("admin.two_factor"))
    user = current_user.user
    verdict = second_factor.throttle_codes(user)
    if not verdict.allowed:
        flash(_("Too many wrong codes. Please wait %(seconds)d seconds and try again.",
                seconds=wait_seconds(verdict.retry_after)), "error")
        return _page(form, enrolment=second_factor.enrolment(user, seed)), 429
    db = write_session()
    user = db.get(User, user.id)
    step = factor.matching_step(seed, form.code.data or "", throttle_clock())
    if step is None:
        form.code.errors.append(_("This code is not right. Check the time on your phone and "
                                  "type the code the app shows now."))
        return _page(form, enrolment=second_factor.enrolment(user, seed))
    replacing = user.totp_enabled_at is not None
    factor.start_enrolment(db, user, second_factor.seed_box().seal(seed))
    factor.confirm_enrolment(db, user, step, clock())
    second_factor.codes_accepted(user)
    codes = second_factor.new_recovery_codes(user)
    _end_other_sessions(user)
    audit("user.second_factor_replace" if replacing else "user.second_factor_enable",
          "user", user.id)
    db.commit()
    session.pop(ENROLLING, None)
    return render_template("people/recovery_codes.html", codes=codes,
                           next_url=url_for("admin.two_factor"))


def _end_other_sessions(user: User) -> None:
    """A changed factor ends the account's other sessions (this one goes on)."""
    end_user_sessions(get_session(), user.id, "second_factor_change", clock(),
                      keep=current_user.record.id)


def _new_codes(user: User, form):
    if user.totp_enabled_at is None:
        return redirect(url_for("admin.two_factor"))
    codes = second_factor.new_recovery_codes(user)
    audit("user.recovery_codes_renew", "user", user.id)
    get_session().commit()
    return render_template("people/recovery_codes.html", codes=codes,
                           next_url=url_for("admin.two_factor"))


def _disable(user: User, form):
    if second_factor.is_required(user):
        flash(_("Your role must use two-step sign-in; it cannot be turned off."), "error")
        get_session().commit()
        return redirect(url_for("admin.two_factor"))
    factor.reset_second_factor(get_session(), user)
    _end_other_sessions(user)
    audit("user.second_factor_disable", "user", user.id)
    get_session().commit()
    flash(_("Two-step sign-in is off."))
    return redirect(url_for("admin.two_factor"))
