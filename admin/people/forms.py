"""Forms of the account pages: a new password, typed twice and held to the policy."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField
from wtforms.validators import EqualTo

from admin.common.forms import ConsoleForm, required
from admin.people.passwords import PROBLEM_MESSAGES, password_problem


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
