"""The phone survey's forms: read what a citizen ticked, against the shared questionnaire."""

import unicodedata
import uuid
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from models.ops.ratings import RatingSubmission
from models.ops.visits import MAX_DOSSIER_CODE_LENGTH
from models.queries.questionnaires import QuestionnaireView

#: Conduct answers as the form sends them.
YES, NO = "co", "khong"


class SurveyForm(FlaskForm):
    """CSRF token and the rating's id; the questionnaire fields are read by read_answers.

    The CSRF token lives SURVEY_FORM_TIME_LIMIT seconds (24 hours by default): a citizen
    may open the link at the counter and answer in the evening. An older form is shown
    again with the answers kept, and one more tap on Send submits it.
    """

    rating_id = HiddenField()

    class Meta:
        @property
        def csrf_time_limit(self):
            return current_app.config["SURVEY_FORM_TIME_LIMIT"]


class DossierCodeForm(FlaskForm):
    """The dossier code printed on the receipt (messages given here: WTForms' own are English)."""

    code = StringField(
        _l("Dossier code"),
        validators=[
            DataRequired(message=_l("Please fill in this field.")),
            Length(max=MAX_DOSSIER_CODE_LENGTH,
                   message=_l("Please use at most %(max)d characters.",
                              max=MAX_DOSSIER_CODE_LENGTH)),
        ],
    )
    #: The last four digits of the applicant's phone or ID number (the second factor, asked
    #: when the register holds them); checked with the code, never on its own.
    digits = StringField(
        _l("Last 4 digits of the phone or ID number you gave"),
        validators=[Length(max=12, message=_l("Please use at most %(max)d characters.",
                                              max=12))],
    )


@dataclass
class Answers:
    """What the citizen chose, kept as given so the form can be shown again."""

    level: int | None = None
    conduct: dict[str, bool] = field(default_factory=dict)
    reported: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    reason_text: str = ""
    comment: str = ""

    def submission(self, rating_id: uuid.UUID, source: str) -> RatingSubmission:
        """Return the submission the shared intake validates and stores."""
        return RatingSubmission(
            id=rating_id, source=source, level=self.level or 0, answers=self.conduct,
            reported=tuple(self.reported), reasons=tuple(self.reasons),
            reason_text=self.reason_text or None, comment=self.comment or None,
        )


def read_answers(formdata, questionnaire: QuestionnaireView) -> Answers:
    """Return the answers in formdata; anything unreadable is left unanswered.

    Unknown item codes are passed on, so the shared validation refuses them as it does
    for the tablet.
    """
    level = formdata.get("level", "")
    levels = {str(item.level): item.level for item in questionnaire.levels}
    conduct = {}
    for item in questionnaire.conduct_items:
        value = formdata.get(f"c-{item.code}")
        if value in (YES, NO):
            conduct[item.code] = value == YES
    return Answers(
        level=levels.get(level),
        conduct=conduct,
        reported=_codes(formdata.getlist("reported")),
        reasons=_codes(formdata.getlist("reasons")),
        reason_text=clean_text(formdata.get("reason_text", "")),
        comment=clean_text(formdata.get("comment", "")),
    )


def _codes(values) -> list[str]:
    return list(dict.fromkeys(clean_text(value)[:64] for value in values[:50] if value))


def clean_text(text: str) -> str:
    """Return typed text trimmed, in NFC, without control characters (line breaks kept)."""
    text = unicodedata.normalize("NFC", text).strip()
    return "".join(
        char for char in text
        if char in "\n\t" or not unicodedata.category(char).startswith("C")
    )


def rating_id_from(value: str | None) -> uuid.UUID:
    """Return the rating id the form carried, or a fresh one when it carried none or rubbish."""
    try:
        return uuid.UUID(value or "")
    except ValueError:
        return uuid.uuid4()


def has_control_characters(text: str) -> bool:
    """Say whether text holds characters no code or token may contain."""
    return any(unicodedata.category(char).startswith("C") for char in text)
