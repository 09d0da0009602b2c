"""Pages of the phone survey: the questionnaire, and clear pages for every refusal."""

from dataclasses import dataclass

from flask import abort, render_template
from flask_babel import get_locale
from flask_babel import gettext as _

from kiosk.survey import bp
from models.queries.questionnaires import load_active_questionnaire
from models.ratings import MAX_TEXT_LENGTH
from web.errors import error_headers


@dataclass(frozen=True)
class Heading:
    """Whom and where the citizen is rating, shown above the questions."""

    action: str
    site_name: str
    counter_number: int
    officer_name: str | None
    dossier_code: str | None = None
    ticket_number: str | None = None


def refusal_messages() -> dict[str, str]:
    """Return what to tell the citizen for each refusal code of the shared intake."""
    return {
        "invalid_level": _("Please choose how satisfied you are."),
        "reason_required": _(
            "Please tell us why you are not satisfied: tick a reason or write one."
        ),
        "text_too_long": _("Your text is too long: at most %(count)d characters.",
                           count=MAX_TEXT_LENGTH),
        "form_expired": _(
            "The form was open for a long time. Your answers are kept: please press "
            "Send again."
        ),
    }


def refusal_message(code: str) -> str:
    """Return the message for a refusal code; unknown codes get a plain "reload" message."""
    return refusal_messages().get(
        code, _("The form could not be read. Please reload the page and try again.")
    )


def survey_page(questionnaire, form, answers, heading: Heading, *, error=None, status=200):
    """Render the questionnaire with the citizen's answers so far."""
    html = render_template(
        "survey/survey.html",
        questionnaire=questionnaire,
        form=form,
        answers=answers,
        heading=heading,
        error=error,
        locale=str(get_locale()),
        max_text=MAX_TEXT_LENGTH,
    )
    return html, status


def message_page(status: int, title: str, text: str, *, offer_lookup: bool = True):
    """Render a short page that says what happened and what the citizen can do."""
    html = render_template(
        "survey/message.html", status=status, title=title, text=text, offer_lookup=offer_lookup
    )
    return html, status


def unknown_link_page():
    """404: the link (token) is unknown."""
    return message_page(
        404,
        _("Survey link not found"),
        _("This survey link is not valid. Please check that the whole QR code was scanned, "
          "or type the dossier code printed on your receipt."),
    )


def used_link_page():
    """410: the visit has already been rated."""
    return message_page(
        410,
        _("This visit has already been rated"),
        _("Each visit can be rated once, and this one already has been. Thank you!"),
        offer_lookup=False,
    )


def expired_link_page():
    """410: the link has expired."""
    return message_page(
        410,
        _("This survey link has expired"),
        _("The time to rate this visit is over. Thank you for your interest; you can rate "
          "your next visit."),
        offer_lookup=False,
    )


def active_questionnaire(session):
    """Return the active questionnaire, or stop with 503 when there is none."""
    questionnaire = load_active_questionnaire(session)
    if questionnaire is None:
        abort(503)
    return questionnaire


@bp.app_template_filter("survey_face")
def face(level: int, questionnaire) -> str:
    """Return the face drawn beside a level: very, ok, neutral or sad (needs a reason)."""
    if questionnaire.needs_reason(level):
        return "sad"
    if level == questionnaire.scale_max:
        return "very"
    return "ok" if questionnaire.is_satisfied(level) else "neutral"


@bp.errorhandler(429)
def too_many_attempts(exc):
    """Explain a rate limit in words, on the survey's own page (with Retry-After)."""
    html, status = message_page(
        429,
        _("Too many attempts"),
        _("Please wait a minute, then try again."),
        offer_lookup=False,
    )
    return html, status, error_headers(exc)


@bp.errorhandler(503)
def survey_unavailable(_exc):
    """Say the survey is unavailable (no active questionnaire)."""
    return message_page(
        503,
        _("The survey is not available"),
        _("Rating is temporarily unavailable. Please try again later."),
        offer_lookup=False,
    )
