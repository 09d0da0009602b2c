"""/s/ho-so: rate a dossier of the register, found by its code (and four digits) at /s/."""

import time
import uuid

from flask import current_app, redirect, request, url_for
from flask import session as cookie
from flask_babel import gettext as _

from kiosk.survey import MAX_FORM_BYTES, bp
from kiosk.survey.forms import Answers, SurveyForm
from kiosk.survey.pages import (
    Heading,
    active_questionnaire,
    expired_link_page,
    message_page,
    survey_page,
    used_link_page,
)
from kiosk.survey.screening import screened
from kiosk.survey.submit import submit_survey
from models.ops.dossier_rating import RatableDossier, dossier_by_id, rate_dossier
from models.org import Counter
from web.bodies import body_limit
from web.db import get_session, write_session

#: Cookie-session key: the dossier the citizen found (code and digits checked) and when.
FOUND_DOSSIER = "survey_dossier"


def register_answer(found: RatableDossier):
    """Answer a found dossier: its survey when it can be rated, else why not."""
    refusal = _refusal(found)
    if refusal is not None:
        return refusal
    cookie[FOUND_DOSSIER] = {"id": found.id, "at": int(time.time())}
    return redirect(url_for("survey.dossier"), 303)


def _refusal(found: RatableDossier):
    if found.state == "rated":
        return used_link_page()
    if found.state == "expired":
        return expired_link_page()
    if found.state == "not_returned":
        return message_page(409, _("This dossier cannot be rated yet"),
                            _("You can rate it once its result has been handed back to you. "
                              "Please come back then."), offer_lookup=False)
    if found.state == "no_officer":
        return message_page(409, _("This dossier cannot be rated online"),
                            _("The register does not say which officer received it. You can "
                              "rate the service at the centre."), offer_lookup=False)
    return None


def _found_in_cookie() -> int | None:
    found = cookie.get(FOUND_DOSSIER)
    if not isinstance(found, dict) or not isinstance(found.get("id"), int):
        return None
    age = time.time() - float(found.get("at", 0))
    return found["id"] if 0 <= age <= current_app.config["SURVEY_FORM_TIME_LIMIT"] else None


def _heading(found: RatableDossier) -> Heading:
    counter = get_session().get(Counter, found.counter_id)
    return Heading(action=url_for("survey.dossier"), site_name=found.site_name,
                   counter_number=counter.number, officer_name=found.officer_name,
                   dossier_code=found.code)


@bp.route("/ho-so", methods=["GET", "POST"])
@body_limit(MAX_FORM_BYTES)
def dossier():
    """Show the questionnaire for the dossier found at /s/, or store its one rating."""
    session = get_session()
    if request.method == "POST":
        write_session(session)
    dossier_id = _found_in_cookie()
    zone = current_app.config["TIMEZONE"]
    found = dossier_by_id(session, dossier_id, zone=zone) if dossier_id else None
    if found is None:
        return redirect(url_for("survey.lookup"), 303)
    form = SurveyForm()
    if request.method == "POST" and found.state == "rated" \
            and str(found.rating_id) == (form.rating_id.data or ""):
        return redirect(url_for("survey.thanks"), 303)
    refusal = _refusal(found)
    if refusal is not None:
        return refusal
    questionnaire = active_questionnaire(session)
    if request.method == "GET":
        form.rating_id.data = str(uuid.uuid4())
        return survey_page(questionnaire, form, Answers(), _heading(found))
    return submit_survey(
        questionnaire, form, _heading(found), "dossier_code",
        lambda submission: screened(
            rate_dossier(session, questionnaire, found, submission, zone=zone)),
    )
