"""An officer's "Mời đánh giá" page: open a visit at their counter, show its QR to the citizen."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from admin.common.nav import add_nav
from admin.people.auth import require_roles
from models.base import utcnow
from models.ops.screening import invite_usage
from models.ops.visits import MAX_DOSSIER_CODE_LENGTH, MAX_TICKET_LENGTH, VisitError, close_visit
from models.ops.visits import open_visit as open_visit_op
from models.queries.visit_counters import counters_of_officer, signed_in_counter_id
from models.queries.visits import VisitRow, recent_visits_of_officer, visit_by_id
from web.audit import audit
from web.db import get_session, write_session
from web.i18n import nfc_filter
from web.integrity import thresholds
from web.urls import public_url, survey_token_key, survey_url

add_nav("admin.invite", _l("Invite a rating"), ("officer",), order=20)


class InviteForm(FlaskForm):
    """The counter, and the ticket or dossier the citizen came with (both optional)."""

    counter = SelectField(_l("Counter"), coerce=int)
    ticket_number = StringField(_l("Ticket number"), filters=[nfc_filter],
                                validators=[Optional(), Length(max=MAX_TICKET_LENGTH)])
    dossier_code = StringField(_l("Dossier code"), filters=[nfc_filter],
                               validators=[Optional(), Length(max=MAX_DOSSIER_CODE_LENGTH)])


def _own_officer_id() -> int | None:
    return current_user.user.officer_id


def _invite_form(session, officer_id: int) -> InviteForm:
    form = InviteForm()
    counters = counters_of_officer(session, officer_id)
    form.counter.choices = [
        (c.id, _("Counter %(number)s", number=c.number) + f" · {c.site_name}") for c in counters
    ]
    if not form.is_submitted():
        form.counter.data = signed_in_counter_id(session, officer_id)
    return form


@require_roles("officer")
def invite():
    """Open a visit for the signed-in officer; its QR is shown next."""
    officer_id = _own_officer_id()
    if officer_id is None:
        return render_template("fleet/invite.html", form=None, recent=[])
    session = get_session()
    if request.method == "POST":
        write_session(session)
    form = _invite_form(session, officer_id)
    if form.validate_on_submit():
        try:
            opened = open_visit_op(
                session, form.counter.data, officer_id, opened_via="officer",
                ticket_number=form.ticket_number.data or None,
                dossier_code=form.dossier_code.data or None, opened_by_id=current_user.user.id,
                token_key=survey_token_key(),
            )
        except VisitError as exc:
            session.rollback()
            flash(exc.message, "error")
        else:
            audit("visit.open", "visit", opened.visit.id,
                  after={"counter_id": opened.visit.counter_id, "closed": list(opened.closed_ids)})
            session.commit()
            return redirect(url_for("admin.invite_visit", visit_id=opened.visit.id))
    recent = recent_visits_of_officer(session, officer_id)
    return render_template("fleet/invite.html", form=form, recent=recent, now=utcnow())


def _own_visit(visit_id: int) -> VisitRow:
    """Return the visit if the signed-in officer served it (administrators see any); else 404."""
    visit = visit_by_id(get_session(), visit_id)
    if visit is None:
        abort(404)
    if current_user.role != "admin" and visit.officer_id != _own_officer_id():
        abort(404)
    return visit


def _own_visit_link(visit_id: int) -> tuple[VisitRow, str]:
    """Return the officer's visit and its survey link; 404 when the link cannot be shown."""
    visit = _own_visit(visit_id)
    url = survey_url(visit)
    if url is None:
        abort(404)
    return visit, url


@require_roles("officer")
def invite_visit(visit_id):
    """Show the visit's QR code for the citizen's phone (never a link the officer can follow).

    Says so when the counter's invites this hour passed what its service supports: the
    rating will then wait for a leader (docs/integrity.md).
    """
    visit = _own_visit(visit_id)
    usage = invite_usage(get_session(), visit.counter_id, visit.opened_at, thresholds())
    return render_template(
        "fleet/invite_visit.html", visit=visit, state=visit.state(utcnow()),
        over_cap=usage.over, survey_url=survey_url(visit),
        expires=format_datetime(visit.token_expires_at, "short"),
    )


@require_roles("officer")
def close_invite(visit_id):
    """End the visit at the counter (its link keeps working until it expires)."""
    session = write_session()
    visit = _own_visit(visit_id)
    if close_visit(session, visit.id):
        audit("visit.close", "visit", visit.id)
    session.commit()
    return redirect(url_for("admin.invite"))


@require_roles("officer")
def visit_qr_svg(visit_id):
    """Return the visit's survey QR code (never cached: the link is the secret)."""
    from render.qr import qr_svg

    _visit, url = _own_visit_link(visit_id)
    data = qr_svg(url)
    return data, 200, {"Content-Type": "image/svg+xml", "Cache-Control": "no-store"}


@require_roles("officer")
def visit_slip_pdf(visit_id):
    """Return the visit's 80 mm receipt slip."""
    from render.posters import receipt_slip_pdf, slip_for_visit

    visit, url = _own_visit_link(visit_id)
    slip = slip_for_visit(visit, url=url,
                          lookup_url=public_url("survey.lookup"),
                          zone=current_app.config["TIMEZONE"])
    headers = {"Content-Type": "application/pdf", "Cache-Control": "no-store",
               "Content-Disposition": f'inline; filename="phieu-danh-gia-{visit.id}.pdf"'}
    return receipt_slip_pdf(slip), 200, headers
