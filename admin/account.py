"""The signed-in person's own account: change the password (ends the other sessions)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import EqualTo

from admin.auth import ROLE_LABELS, require_roles, start_session
from admin.blueprint import bp
from admin.forms import ConsoleForm, required
from admin.passwords import PROBLEM_MESSAGES, hash_password, password_matches, password_problem
from models.ops.users import set_password_hash
from web.audit import audit
from web.db import get_session


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


@bp.route("/account/password", methods=["GET", "POST"])
@require_roles(*ROLE_LABELS)
def change_password():
    """Change one's own password; every other session of the account ends."""
    form = ChangePasswordForm()
    user = current_user.user
    if form.validate_on_submit() and form.check_policy(user.username):
        if not password_matches(user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("The current password is wrong."))
        else:
            set_password_hash(get_session(), user, hash_password(form.new_password.data))
            audit("user.password_change", "user", user.id)
            start_session(user)
            get_session().commit()
            flash(_("Your password has been changed. Other sessions have been signed out."))
            return redirect(url_for("admin.home"))
    return render_template("admin/change_password.html", form=form)
