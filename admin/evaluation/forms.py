"""Forms of the evaluation pages (CSRF on every one)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from admin.common.forms import options
from admin.common.once import once_field
from web.i18n import nfc_filter

MONTH_PATTERN = r"^\d{4}-\d{2}$"


class ActionForm(FlaskForm):
    """A button whose only field is the CSRF token."""


class CloseForm(FlaskForm):
    """Closing a month: the button and its one-time nonce (a double click closes once)."""

    once = once_field()


class ReopenForm(FlaskForm):
    """Reopening a month needs a reason."""

    reason = TextAreaField(_l("Reason for reopening"), filters=[nfc_filter],
                           validators=[DataRequired(), Length(max=1000)])


class RubricDocumentForm(FlaskForm):
    """The rubric document as JSON text; check it, or check and save it."""

    document = TextAreaField(_l("Rubric document (JSON)"), validators=[DataRequired()])
    check = SubmitField(_l("Check"))
    save = SubmitField(_l("Check and save"))


class ActivateForm(FlaskForm):
    """Put a rubric version in force from a date."""

    effective_from = DateField(_l("In force from"), validators=[DataRequired()])


class BreachForm(FlaskForm):
    """A breach of discipline or office culture (criterion B4)."""

    occurred_on = DateField(_l("Date"), validators=[DataRequired()])
    kind = StringField(_l("Kind of breach"), filters=[nfc_filter],
                       validators=[DataRequired(), Length(max=120)])
    deduction = DecimalField(_l("Points deducted (empty: the rubric's default)"),
                             validators=[Optional(), NumberRange(0, 100)])
    note = TextAreaField(_l("Note"), filters=[nfc_filter], validators=[Length(max=1000)])


class DisciplineForm(FlaskForm):
    """A discipline decision (it grades the month Không hoàn thành nhiệm vụ)."""

    decided_on = DateField(_l("Date of the decision"), validators=[DataRequired()])
    kind = StringField(_l("Form of discipline"), filters=[nfc_filter],
                       validators=[DataRequired(), Length(max=120)])
    reference = StringField(_l("Decision number"), filters=[nfc_filter],
                            validators=[Length(max=120)])
    public_duty = BooleanField(_l("For a violation in public duty"), default=True)
    note = TextAreaField(_l("Note"), filters=[nfc_filter], validators=[Length(max=1000)])


class LeaderScoreForm(FlaskForm):
    """The leader's assessment of the month's assigned tasks (criterion B5)."""

    month = HiddenField(validators=[DataRequired(), Regexp(MONTH_PATTERN)])
    score = DecimalField(_l("Score (empty: not assessed)"),
                         validators=[Optional(), NumberRange(0, 100)])
    note = TextAreaField(_l("Note"), filters=[nfc_filter], validators=[Length(max=1000)])


class DossierImportForm(FlaskForm):
    """A CSV or XLSX export of the one-stop system for one month."""

    month = StringField(_l("Month (YYYY-MM)"), validators=[DataRequired(), Regexp(MONTH_PATTERN)])
    file = FileField(_l("File (.csv or .xlsx)"), validators=[FileRequired()])
    once = once_field()


class AssignmentForm(FlaskForm):
    """NĐ 335's quantity base: the number assigned in the month, and the share worked."""

    month = HiddenField(validators=[DataRequired(), Regexp(MONTH_PATTERN)])
    assigned = IntegerField(_l("Dossiers (tasks) assigned (empty: not set)"),
                            validators=[Optional(), NumberRange(0, 1_000_000)])
    worked_percent = IntegerField(_l("Share of the month worked, % (empty: 100)"),
                                  validators=[Optional(), NumberRange(0, 100)])
    note = TextAreaField(_l("Note"), filters=[nfc_filter], validators=[Length(max=1000)])


class WaiverForm(FlaskForm):
    """Delays or quality failures waived for an objective cause confirmed by the competent level."""

    month = HiddenField(validators=[DataRequired(), Regexp(MONTH_PATTERN)])
    kind = SelectField(_l("Waived"), choices=options([("delay", _l("delays")),
                                                     ("quality_failure", _l("quality failures"))]))
    count = IntegerField(_l("How many"), default=1,
                         validators=[DataRequired(), NumberRange(1, 1_000_000)])
    dossier_code = StringField(_l("Dossier code (optional)"), filters=[nfc_filter],
                               validators=[Length(max=64)])
    reason = TextAreaField(_l("Objective cause, as confirmed"), filters=[nfc_filter],
                           validators=[DataRequired(), Length(max=1000)])


class DegradationForm(FlaskForm):
    """A competent level's conclusion behind a grade override: degradation, or (leaders
    only) corruption or waste in a unit under the officer's management."""

    kind = SelectField(_l("What was concluded"), default="degradation", choices=options([
        ("degradation", _l("Degradation of political ideology, ethics or lifestyle")),
        ("leader_unit_violation",
         _l("Leader: corruption or waste in a unit under their management"))]))
    concluded_on = DateField(_l("Date of the conclusion"), validators=[DataRequired()])
    reference = StringField(_l("Conclusion number and who concluded"), filters=[nfc_filter],
                            validators=[DataRequired(), Length(max=200)])
    note = TextAreaField(_l("Note"), filters=[nfc_filter], validators=[Length(max=1000)])


class LeadingPostForm(FlaskForm):
    """A leading or managing post the officer holds from a date (công chức lãnh đạo, quản lý)."""

    unit = SelectField(_l("Leads"), choices=options([
        ("department", _l("their department (at their site)")),
        ("site", _l("their whole site"))]))
    title = StringField(_l("Post"), filters=[nfc_filter],
                        validators=[DataRequired(), Length(max=120)])
    started_on = DateField(_l("Held from"), validators=[DataRequired()])
    note = TextAreaField(_l("Appointment decision, note"), filters=[nfc_filter],
                         validators=[Length(max=1000)])


class PostEndForm(FlaskForm):
    """The last day of a post (empty: still held)."""

    ended_on = DateField(_l("Held until (empty: still held)"), validators=[Optional()])


class OutstandingUnitForm(FlaskForm):
    """A site that qualifies for the quota's exception in a year, with the decision."""

    site_id = SelectField(_l("Site"), coerce=int)
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    reference = StringField(_l("Decision (number, date) that makes it qualify"),
                            filters=[nfc_filter], validators=[DataRequired(), Length(max=200)])
    note = TextAreaField(_l("Note"), filters=[nfc_filter], validators=[Length(max=1000)])
