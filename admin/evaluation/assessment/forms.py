"""Forms of the workflow pages (CSRF on every one; the scores are read per criterion)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, TextAreaField
from wtforms.validators import DataRequired, Length

from web.i18n import nfc_filter


class StepForm(FlaskForm):
    """A workflow step: the CSRF token; the scores come as score_<code> and text_<code>."""


class OpenForm(FlaskForm):
    """Open a period's self-assessments, or move their deadline."""

    deadline = DateField(_l("Hand in by (last day)"), validators=[DataRequired()])


class SendBackForm(FlaskForm):
    """Send a sheet back to the officer, with the reason."""

    reason = TextAreaField(_l("Reason for sending it back"), filters=[nfc_filter],
                           validators=[DataRequired(), Length(max=1000)])
