"""Staff accounts (administrators only): list, create, edit, reset password, disable."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from admin.common.crud import add_error
from admin.common.forms import ConsoleForm, at_most, options, required
from admin.common.nav import add_nav
from admin.people import throttle
from admin.people.auth import ROLE_LABELS, clock, require_roles
from admin.people.forms import NewPasswordForm
from admin.people.passwords import hash_password
from models import User
from models.ops.second_factor import reset_second_factor
from models.ops.sessions import end_user_sessions
from models.ops.snapshots import changed
from models.ops.users import (
    AccountError,
    create_user,
    set_active,
    set_password_hash,
    update_user,
    user_snapshot,
)
from models.queries.org import department_choices, officer_choices
from web.audit import audit
from web.db import get_session, write_session

add_nav("admin.users", _l("Accounts"), (), order=80)

ACCOUNT_MESSAGES = {
    "username": _l("This username is already taken."),
    "officer_id": _l("Choose the officer this account belongs to (one account per officer)."),
    "role": _l("Please choose a role from the list."),
}


#: Created first so that it comes first on the new-account form.
USERNAME_FIELD = StringField(_l("Username"), validators=[required(), at_most(64)])


class AccountForm(ConsoleForm):
    """Name, e-mail, role, and the officer or departments the role needs."""

    full_name = StringField(_l("Full name"), validators=[required(), at_most(120)])
    email = EmailField(_l("E-mail (for alert messages)"), validators=[
        Optional(), at_most(254),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Please enter a valid e-mail address."))])
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS.items()))
    officer_id = SelectField(_l("Officer (for an officer account)"), coerce=int)
    department_ids = SelectMultipleField(
        _l("Departments (for a department liaison)"), coerce=int,
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())

    def fill_choices(self, session):
        """Offer the officers and departments."""
        self.officer_id.choices = options([(0, _l("— none —")), *officer_choices(session)])
        self.department_ids.choices = options(department_choices(session))
        return self

    def values(self) -> dict:
        """Return the fields as keyword arguments of the account operations."""
        return {"role": self.role.data, "full_name": self.full_name.data,
                "email": self.email.data or None, "officer_id": self.officer_id.data or None,
                "department_ids": self.department_ids.data or []}


class NewAccountForm(AccountForm, NewPasswordForm):
    """A new account: its username and first password too."""

    username = USERNAME_FIELD


@require_roles()
def users():
    """List the accounts."""
    rows = get_session().scalars(
        select(User).options(selectinload(User.departments), selectinload(User.officer))
        .order_by(User.active.desc(), User.role, User.username))
    return render_template("people/users.html", users=list(rows), roles=ROLE_LABELS)


@require_roles()
def user_new():
    """Create an account."""
    form = NewAccountForm().fill_choices(get_session())
    if form.validate_on_submit() and form.check_policy(form.username.data):
        session = write_session()
        try:
            user = create_user(session, username=form.username.data,
                               password_hash=hash_password(form.new_password.data),
                               **form.values())
        except AccountError as exc:
            session.rollback()
            add_error(form, exc.code, ACCOUNT_MESSAGES[exc.code])
        else:
            audit("user.create", "user", user.id, after=user_snapshot(user))
            session.commit()
            return redirect(url_for("admin.users"))
    return render_template("common/form.html", form=form, title=_("New account"),
                           back=url_for("admin.users"))


@require_roles()
def user_edit(user_id):
    """Change an account's name, e-mail, role, officer and departments."""
    user = get_session().get(User, user_id) or abort(404)
    form = AccountForm(obj=user, officer_id=user.officer_id or 0,
                       department_ids=[d.id for d in user.departments])
    form.fill_choices(get_session())
    if form.validate_on_submit():
        session = write_session()
        before = user_snapshot(user)
        try:
            update_user(session, user, **form.values())
        except AccountError as exc:
            session.rollback()
            add_error(form, exc.code, ACCOUNT_MESSAGES[exc.code])
        else:
            before, after = changed(before, user_snapshot(user))
            audit("user.update", "user", user.id, before=before, after=after)
            session.commit()
            return redirect(url_for("admin.users"))
    return render_template("common/form.html", form=form, back=url_for("admin.users"),
                           title=_("Edit account %(name)s", name=user.username))


@require_roles()
def user_password(user_id):
    """Set a new password for an account: its sessions end and its log-in delay is cleared."""
    user = get_session().get(User, user_id) or abort(404)
    form = NewPasswordForm()
    if form.validate_on_submit() and form.check_policy(user.username):
        session = write_session()
        set_password_hash(session, user, hash_password(form.new_password.data),
                          reason="password_reset")
        throttle.clear_username(user.username)
        audit("user.password_reset", "user", user.id)
        session.commit()
        flash(_("The new password is set. Give it to %(name)s in person.", name=user.username))
        return redirect(url_for("admin.users"))
    return render_template("common/form.html", form=form, back=url_for("admin.users"),
                           title=_("New password for %(name)s", name=user.username))


@require_roles()
def user_toggle(user_id):
    """Disable an account (ending its sessions) or enable it again."""
    session = write_session()
    user = session.get(User, user_id) or abort(404)
    if user.id == current_user.user.id:
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for("admin.users"))
    set_active(session, user, not user.active)
    audit("user.enable" if user.active else "user.disable", "user", user.id,
          before={"active": not user.active}, after={"active": user.active})
    session.commit()
    return redirect(url_for("admin.users"))


@require_roles()
def user_sessions_end(user_id):
    """Sign a person out everywhere at once (a lost laptop, someone leaving the centre)."""
    session = write_session()
    user = session.get(User, user_id) or abort(404)
    ended = end_user_sessions(session, user.id, "ended_by_admin", clock())
    audit("user.sessions_end", "user", user.id, note=f"{ended} sessions")
    session.commit()
    flash(_("%(name)s has been signed out everywhere.", name=user.username))
    return redirect(url_for("admin.users"))


@require_roles()
def user_second_factor_reset(user_id):
    """Remove an account's authenticator app and recovery codes (a lost phone): its
    sessions end, and the person sets up a new app at the next log-in if their role needs
    one. Check who is asking before doing this, as when the account was created."""
    session = write_session()
    user = session.get(User, user_id) or abort(404)
    reset_second_factor(session, user)
    end_user_sessions(session, user.id, "second_factor_reset", clock())
    audit("user.second_factor_reset", "user", user.id)
    session.commit()
    flash(_("Two-step sign-in of %(name)s has been reset.", name=user.username))
    return redirect(url_for("admin.users"))
