"""/s/<token>: rate one visit, once, from the QR on the receipt or the tablet."""

import re
import uuid

from flask import Response, current_app, redirect, render_template, request, url_for
from flask import session as cookie

from kiosk.survey import MAX_FORM_BYTES, bp
from kiosk.survey.forms import Answers, SurveyForm
from kiosk.survey.pages import (
    Heading,
    active_questionnaire,
    expired_link_page,
    survey_page,
    unknown_link_page,
    used_link_page,
)
from kiosk.survey.screening import screened
from kiosk.survey.submit import submit_survey
from models.base import utcnow
from models.ops.visits import TOKEN_LENGTH, rate_visit
from models.queries.visits import VisitRow, visit_by_token
from web.bodies import body_limit
from web.db import get_session, write_session
from web.urls import public_url

TOKEN_PATTERN = re.compile(rf"[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}")
#: Cookie-session key naming the token a citizen reached by typing its dossier code.
VIA_DOSSIER_CODE = "survey_via_dossier_code"


def _visit_or_refusal(token: str, rating_id: str | None = None):
    """Return (visit, None) when the token can be rated, else (None, the page to show).

    A form sent again with the id of the rating the visit took (a second tap on Send)
    is thanked again rather than refused.
    """
    visit = visit_by_token(get_session(), token) if TOKEN_PATTERN.fullmatch(token) else None
    if visit is None:
        return None, unknown_link_page()
    state = visit.state(utcnow())
    if state == "rated" and rating_id and str(visit.rating_id) == rating_id:
        return None, redirect(url_for("survey.thanks"), 303)
    if state == "rated":
        return None, used_link_page()
    if state == "expired":
        return None, expired_link_page()
    return visit, None


def _heading(visit: VisitRow, token: str) -> Heading:
    return Heading(
        action=url_for("survey.take", token=token),
        site_name=visit.site_name,
        counter_number=visit.counter_number,
        officer_name=visit.officer_name,
        dossier_code=visit.dossier_code,
        ticket_number=visit.ticket_number,
    )


@bp.route("/<token>", methods=["GET", "POST"])
@body_limit(MAX_FORM_BYTES)
def take(token):
    """Show the visit's questionnaire, or store its one rating."""
    session = get_session()
    if request.method == "POST":
        write_session(session)
    visit, refusal = _visit_or_refusal(token, request.form.get("rating_id"))
    if refusal:
        return refusal
    questionnaire = active_questionnaire(session)
    form = SurveyForm()
    if request.method == "GET":
        form.rating_id.data = str(uuid.uuid4())
        return survey_page(questionnaire, form, Answers(), _heading(visit, token))
    source = "dossier_code" if cookie.get(VIA_DOSSIER_CODE) == token else "qr_visit"
    zone = current_app.config["TIMEZONE"]
    return submit_survey(
        questionnaire, form, _heading(visit, token), source,
        lambda submission: screened(
            rate_visit(session, questionnaire, visit, submission, zone=zone)),
    )


@bp.get("/thanks")
def thanks():
    """Thank the citizen."""
    return render_template("survey/thanks.html")


@bp.get("/<token>/qr.svg")
def token_qr(token):
    """Return the QR code of a survey link that can still be rated (the link is the secret)."""
    from render.qr import qr_svg

    _visit, refusal = _visit_or_refusal(token)
    if refusal:
        return refusal
    response = Response(qr_svg(public_url("survey.take", token=token)),
                        mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response
