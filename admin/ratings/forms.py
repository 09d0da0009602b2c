"""The review forms and their messages: excluding a rating, contesting one, deciding a contest."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from admin.common.forms import ConsoleForm, at_most, required
from models.ops.reviews import MAX_REASON_LENGTH

REVIEW_MESSAGES = {
    "already_excluded": _l("This rating is already excluded."),
    "reason_required": _l("Please give a reason."),
    "reason_too_long": _l("The reason is too long (at most 500 characters)."),
    "not_yours": _l("You can only contest your own ratings."),
    "already_contested": _l("This rating is already contested and waits for a decision."),
    "already_decided": _l("This contest has already been decided."),
}


class ReasonForm(ConsoleForm):
    """A reason, required."""

    reason = TextAreaField(_l("Reason"), validators=[required(), at_most(MAX_REASON_LENGTH)])
