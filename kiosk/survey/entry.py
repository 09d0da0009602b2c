"""/s/ (type the dossier code from the receipt) and /s/c/<counter> (the counter's poster)."""

import uuid

from flask import current_app, redirect, render_template, request, url_for
from flask import session as cookie
from flask_babel import gettext as _

from kiosk.survey import MAX_FORM_BYTES, bp
from kiosk.survey.forms import (
    Answers,
    DossierCodeForm,
    SurveyForm,
    clean_text,
    has_control_characters,
)
from kiosk.survey.pages import (
    Heading,
    active_questionnaire,
    expired_link_page,
    message_page,
    refusal_message,
    survey_page,
    used_link_page,
)
from kiosk.survey.register import register_answer
from kiosk.survey.screening import screened
from kiosk.survey.submit import submit_survey
from kiosk.survey.views import VIA_DOSSIER_CODE
from models.base import utcnow
from models.ops.dossier_rating import digits_given, find_dossier, register_has_code
from models.ops.origins import note_lookup
from models.ops.visits import normalise_dossier_code, rate_counter
from models.queries.visit_counters import CounterRow, counter_by_code, signed_in_officer
from models.queries.visits import visit_by_dossier_code
from web.bodies import body_limit
from web.db import get_session, write_session
from web.dossier_key import dossier_hash_key
from web.integrity import hash_code, phone_hash
from web.throttle import per_client
from web.urls import visit_token

#: Longest counter code (see models.org.Counter.code).
MAX_COUNTER_CODE_LENGTH = 32


@bp.route("/", methods=["GET", "POST"])
@body_limit(MAX_FORM_BYTES)
@per_client("lookup", "SURVEY_LOOKUP_RATE_LIMIT")
def lookup():
    """Ask for the dossier code on the receipt (and four digits) and go to its survey.

    A code of the register leads to that dossier (rating its receiving officer); any other
    code to the newest visit a queue system opened with it. A wrong pair of code and digits
    is answered exactly like an unknown code.
    """
    form = DossierCodeForm()
    if request.method == "GET":
        return render_template("survey/lookup.html", form=form)
    if not form.validate():
        error = None if form.code.errors or form.digits.errors \
            else refusal_message("form_expired")
        return render_template("survey/lookup.html", form=form, error=error), 400
    code = normalise_dossier_code(clean_text(form.code.data))
    now = utcnow()
    session = write_session()
    found = (find_dossier(session, code, digits_given(form.digits.data),
                          key=dossier_hash_key(), zone=current_app.config["TIMEZONE"], now=now)
             if code else None)
    # Both look-ups run whatever the answer, so a wrong pair takes as long as an unknown code.
    visit = visit_by_dossier_code(session, code, now) if code else None
    if code and register_has_code(session, code):
        visit = None
    note_lookup(session, phone_hash(), hash_code(code), found is not None or visit is not None,
                now)
    session.commit()
    if found is not None:
        return register_answer(found)
    if visit is None:
        error = _("No dossier has the code %(code)s with these digits. Please check the code "
                  "printed on your receipt and, if asked, the last 4 digits of the phone or "
                  "ID number you gave.", code=code or form.code.data)
        return render_template("survey/lookup.html", form=form, error=error), 404
    if visit.state(now) == "rated":
        return used_link_page()
    if visit.state(now) == "expired":
        return expired_link_page()
    token = visit_token(visit)
    if token is None:
        return message_page(410, _("This visit cannot be rated by its dossier code"),
                            _("Please scan the QR code printed on your receipt."),
                            offer_lookup=False)
    cookie[VIA_DOSSIER_CODE] = token
    return redirect(url_for("survey.take", token=token), 303)


def _poster_counter(code: str) -> CounterRow | None:
    if len(code) > MAX_COUNTER_CODE_LENGTH or has_control_characters(code):
        return None
    counter = counter_by_code(get_session(), code)
    return counter if counter is not None and counter.active else None


def _poster_heading(counter: CounterRow) -> Heading:
    officer = signed_in_officer(get_session(), counter.id)
    return Heading(
        action=url_for("survey.poster", code=counter.code),
        site_name=counter.site_name,
        counter_number=counter.number,
        officer_name=officer.full_name if officer else None,
    )


@bp.route("/c/<code>", methods=["GET", "POST"])
@body_limit(MAX_FORM_BYTES)
@per_client("poster", "SURVEY_POSTER_RATE_LIMIT")
def poster(code):
    """Rate whoever serves at a counter, from its poster (unverified; under the cool-down)."""
    session = get_session()
    if request.method == "POST":
        write_session(session)
    counter = _poster_counter(code)
    if counter is None:
        return message_page(404, _("Counter not found"),
                            _("This poster's code is not valid. Please ask at the counter."))
    questionnaire = active_questionnaire(session)
    form = SurveyForm()
    heading = _poster_heading(counter)
    if request.method == "GET":
        form.rating_id.data = str(uuid.uuid4())
        return survey_page(questionnaire, form, Answers(), heading)
    zone = current_app.config["TIMEZONE"]
    return submit_survey(
        questionnaire, form, heading, "qr_counter",
        lambda submission: screened(
            rate_counter(session, questionnaire, counter, submission, zone=zone)),
    )
