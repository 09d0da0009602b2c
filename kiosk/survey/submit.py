"""Take a submitted survey form to the shared intake and answer with the right page."""

from flask import redirect, request, url_for
from flask_babel import gettext as _

from kiosk.survey.forms import rating_id_from, read_answers
from kiosk.survey.pages import (
    expired_link_page,
    refusal_message,
    survey_page,
    used_link_page,
)
from models.ops.visits import CooldownActive
from web.db import get_session


def submit_survey(questionnaire, form, heading, source: str, store):
    """Read the form, store it with store(submission), commit, and thank or explain.

    :param store: the domain call (rate_visit or rate_counter with its arguments bound); it
        returns a RecordOutcome and may raise CooldownActive.
    """
    session = get_session()
    answers = read_answers(request.form, questionnaire)
    if not form.validate():
        return survey_page(questionnaire, form, answers, heading,
                           error=refusal_message("form_expired"), status=400)
    try:
        outcome = store(answers.submission(rating_id_from(form.rating_id.data), source))
    except CooldownActive as wait:
        session.rollback()
        error = _("This counter was rated a moment ago. Please press Send again in "
                  "%(seconds)d seconds.", seconds=wait.seconds)
        return survey_page(questionnaire, form, answers, heading, error=error, status=429)
    if outcome.status in ("created", "duplicate"):
        session.commit()
        return redirect(url_for("survey.thanks"), 303)
    session.rollback()
    if outcome.code == "visit_already_rated":
        return used_link_page()
    if outcome.code == "token_expired":
        return expired_link_page()
    return survey_page(questionnaire, form, answers, heading,
                       error=refusal_message(outcome.code), status=422)
