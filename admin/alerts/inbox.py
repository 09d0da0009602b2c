"""Alerts inbox: Không hài lòng ratings and "5 không" reports, same day, with follow-up.

The inbox page polls a small JSON feed (admin/static/js/alerts.js) every few seconds, so
a new alert appears without reloading; the feed does not keep an idle session alive.
"""

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField, TextAreaField

from admin.alerts.labels import KIND_LABELS, STATUS_LABELS
from admin.common.crud import add_error
from admin.common.forms import ConsoleForm, at_most, options
from admin.common.nav import add_nav
from admin.people.auth import require_roles
from admin.people.scope import can, department_scope, page_number, require_department
from models import Alert, Officer
from models.ops.alerts import MAX_NOTE_LENGTH, TRANSITIONS, FollowUpRefused, record_follow_up
from models.queries import alerts as queries
from models.queries.org import department_choices, officer_choices, site_choices
from web.audit import audit
from web.db import get_session, write_session

READERS = ("leader", "hr", "liaison")
add_nav("admin.alerts", _l("Alerts"), READERS, order=10)

REFUSALS = {
    "transition": _l("This step is not possible from the alert's current status."),
    "note_required": _l("Please write a note: what was verified and what was decided."),
    "note_too_long": _l("The note is too long (at most 2,000 characters)."),
}


class FollowUpForm(ConsoleForm):
    """The next status and a note."""

    status = SelectField(_l("New status"))
    note = TextAreaField(_l("Note"), validators=[at_most(MAX_NOTE_LENGTH)])


def _filters() -> queries.AlertFilters:
    args = request.args
    status = args.get("status", "open")
    return queries.AlertFilters(
        site_id=args.get("site_id", type=int), department_id=args.get("department_id", type=int),
        officer_id=args.get("officer_id", type=int),
        status=status if status in ("open", "", *STATUS_LABELS) else "open",
        kind=args.get("kind") if args.get("kind") in KIND_LABELS else None,
        scope=department_scope())


@require_roles(*READERS)
def alerts():
    """List alerts, newest first, filtered by site, department, officer, status and kind."""
    session = get_session()
    filters = _filters()
    page = queries.find_alerts(session, filters, page_number(request.args.get("page")))
    return render_template(
        "alerts/alerts.html", page=page, filters=filters, statuses=STATUS_LABELS,
        kinds=KIND_LABELS, sites=site_choices(session),
        departments=department_choices(session, filters.scope),
        officers=officer_choices(session, filters.scope),
        poll_seconds=current_app.config["ALERTS_POLL_SECONDS"],
        query_args={k: v for k, v in request.args.items() if k not in ("page", "after")})


@require_roles(*READERS)
def alerts_feed():
    """Return, as JSON, the alerts matching the inbox filters that are newer than ?after=."""
    session = get_session()
    filters = _filters()
    rows = queries.alerts_since(session, filters, request.args.get("after", 0, type=int))
    return jsonify({
        "open": queries.count_open(session, filters.scope),
        "alerts": [_feed_item(row) for row in rows],
    })


def _feed_item(row: queries.AlertRow) -> dict:
    return {
        "id": row.id,
        "url": url_for("admin.alert_detail", alert_id=row.id),
        "time": _format_time(row.created_at),
        "kind": str(KIND_LABELS[row.kind]),
        "behaviour": behaviour_label(row) or "",
        "officer": row.officer_name or "—",
        "site": row.site_name,
        "counter": row.counter_number,
        "status": str(STATUS_LABELS[row.status]),
        "status_code": row.status,
    }


def _format_time(value) -> str:
    return format_datetime(value, "dd/MM/yyyy HH:mm")


def behaviour_label(row) -> str | None:
    """Return the reported behaviour in the page's language."""
    return row.behaviour_en if str(get_locale()) == "en" else row.behaviour_vi


@require_roles(*READERS)
def alert_detail(alert_id):
    """Show an alert: the rating behind it, its history, and the follow-up form."""
    session = get_session()
    alert = session.get(Alert, alert_id) or abort(404)
    officer = session.get(Officer, alert.officer_id) if alert.officer_id else None
    require_department(officer.department_id if officer else None)
    form = _follow_up_form(alert)
    return _render_detail(session, alert, officer, form)


def _follow_up_form(alert, formdata=None):
    form = FollowUpForm(formdata=formdata) if formdata is not None else FollowUpForm()
    form.status.choices = options((code, STATUS_LABELS[code])
                                  for code in TRANSITIONS[alert.status])
    return form


def _render_detail(session, alert, officer, form):
    return render_template(
        "alerts/alert_detail.html", alert=alert, officer=officer, form=form,
        statuses=STATUS_LABELS, kinds=KIND_LABELS,
        level=queries.level_label(session, alert.rating),
        answers=queries.rating_items(session, alert.rating_id),
        history=queries.alert_history(session, alert.id),
        may_follow_up=can("leader"))


@require_roles("leader")
def alert_follow_up(alert_id):
    """Record the next step of an alert's follow-up, with a note."""
    session = write_session()
    alert = session.get(Alert, alert_id) or abort(404)
    form = _follow_up_form(alert, request.form)
    if form.validate():
        before = {"status": alert.status}
        try:
            record_follow_up(session, alert, form.status.data, form.note.data,
                             current_user.user.id)
        except FollowUpRefused as exc:
            add_error(form, "note" if exc.code.startswith("note") else "status",
                      REFUSALS[exc.code])
        else:
            audit("alert.follow_up", "alert", alert.id, before=before,
                  after={"status": alert.status, "note": alert.note})
            session.commit()
            flash(_("The follow-up has been recorded."))
            return redirect(url_for("admin.alert_detail", alert_id=alert.id))
    session.rollback()
    alert = session.get(Alert, alert_id)
    officer = session.get(Officer, alert.officer_id) if alert.officer_id else None
    return _render_detail(session, alert, officer, form), 400


def init_app(app) -> None:
    """How often the inbox asks for new alerts, in seconds."""
    app.config.setdefault("ALERTS_POLL_SECONDS", 10)
