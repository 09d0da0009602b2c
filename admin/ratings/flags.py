"""The leaders' review queue: flagged ratings to accept or exclude, improbable officers,
PIN lock-outs to look into."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField, TextAreaField

from admin.common.forms import ConsoleForm, at_most, options, required
from admin.common.nav import add_nav
from admin.common.periods import zone
from admin.evaluation.labels import RATING_SOURCES
from admin.people.auth import require_roles
from admin.people.scope import can, department_scope, page_number
from admin.ratings.flag_text import FLAG_STATUS, RULE_LABELS
from evaluation import PeriodError, month_of_instant, month_window_utc, parse_month
from integrity import RULES
from models import LockoutAlert, Officer, Rating
from models.base import utcnow
from models.flags import MAX_DECISION_LENGTH
from models.ops.flags import FlagDecisionRefused, decide_flags, pending_flags
from models.ops.pins import close_lockout_alert, unlock_pin
from models.queries.flags import (
    FlagFilters,
    find_flagged,
    improbable_top_shares,
    locked_officers,
    open_lockout_alerts,
    pending_count,
)
from models.queries.org import department_choices, officer_choices, site_choices
from web.audit import audit
from web.db import get_session, write_session
from web.integrity import thresholds

READERS = ("leader", "hr", "liaison")
add_nav("admin.flags", _l("Review queue"), READERS, order=13)

DECISION_MESSAGES = {
    "nothing_pending": _l("This rating has no flag waiting for a decision."),
    "reason_required": _l("Please give a reason."),
    "reason_too_long": _l("The reason is too long (at most 500 characters)."),
}


class FlagDecisionForm(ConsoleForm):
    """Accept or exclude a flagged rating, with a reason either way."""

    decision = SelectField(_l("Decision"), choices=options([
        ("accept", _l("Accept: the rating counts")),
        ("exclude", _l("Exclude: the rating does not count"))]))
    reason = TextAreaField(_l("Reason"), validators=[required(), at_most(MAX_DECISION_LENGTH)])


class NoteForm(ConsoleForm):
    """What the leader found, required."""

    note = TextAreaField(_l("What was found"), validators=[required(), at_most(500)])


def _month_window():
    """Return (the month asked for, its UTC window); no month: the current one, no window."""
    text = request.args.get("month", "").strip()
    if not text:
        return month_of_instant(utcnow(), zone()), None
    try:
        month = parse_month(text)
    except PeriodError:
        abort(400)
    return month, month_window_utc(month, zone())


def _filters(window) -> FlagFilters:
    args = request.args
    status = args.get("status", "pending")
    return FlagFilters(
        status=status if status in FLAG_STATUS else None,
        rule=args.get("rule") if args.get("rule") in RULES else None,
        site_id=args.get("site_id", type=int), department_id=args.get("department_id", type=int),
        officer_id=args.get("officer_id", type=int), window=window, scope=department_scope())


@require_roles(*READERS)
def flags():
    """List flagged ratings (waiting ones by default, oldest first), with the month's
    improbable officers and, for leaders, the PIN lock-outs."""
    session = get_session()
    month, window = _month_window()
    filters = _filters(window)
    scope = filters.scope
    page = find_flagged(session, filters, page_number(request.args.get("page")))
    officers_window = window or month_window_utc(month, zone())
    sees_pins = can("leader")
    return render_template(
        "ratings/flags.html", page=page, filters=filters, month=str(month),
        month_given=window is not None, statuses=FLAG_STATUS, rules=RULE_LABELS,
        waiting=pending_count(session, scope), form=FlagDecisionForm(), note_form=NoteForm(),
        improbable=improbable_top_shares(session, *officers_window, thresholds(), scope),
        top_share=thresholds(), sites=site_choices(session),
        departments=department_choices(session, scope), officers=officer_choices(session, scope),
        sources=RATING_SOURCES, alerts=open_lockout_alerts(session) if sees_pins else [],
        locks=locked_officers(session, utcnow()) if sees_pins else [],
        query_args={k: v for k, v in request.args.items() if k != "page"})


def _back():
    target = request.form.get("next", "")
    if target.startswith("/admin/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for("admin.flags"))


@require_roles("leader")
def flag_decide(rating_id):
    """Accept a flagged rating (it counts) or exclude it (listed with the reason); audited."""
    form = FlagDecisionForm()
    session = write_session()
    rating = session.get(Rating, rating_id) or abort(404)
    if not form.validate():
        flash(DECISION_MESSAGES["reason_required"], "error")
        return _back()
    rules = [flag.rule for flag in pending_flags(session, rating.id)]
    try:
        decided = decide_flags(session, rating, form.decision.data == "accept",
                               form.reason.data, current_user.user.id)
    except FlagDecisionRefused as exc:
        session.rollback()
        flash(DECISION_MESSAGES[exc.code], "error")
        return _back()
    status = decided[0].status
    audit("flag.decide", "rating", rating.id, before={"status": "pending", "rules": rules},
          after={"status": status, "reason": form.reason.data, "excluded": rating.excluded})
    session.commit()
    flash(_("The rating counts again.") if status == "accepted"
          else _("The rating is excluded from scoring. It stays listed with the reason."))
    return _back()


@require_roles("leader")
def lockout_alert_close(alert_id):
    """Close an alert of repeated PIN lock-outs with what the leader found; audited."""
    form = NoteForm()
    session = write_session()
    alert = session.get(LockoutAlert, alert_id) or abort(404)
    if alert.status != "open":
        flash(_("This alert is already closed."), "error")
    elif not form.validate():
        flash(DECISION_MESSAGES["reason_required"], "error")
    else:
        close_lockout_alert(session, alert, form.note.data, current_user.user.id, utcnow())
        audit("lockout_alert.close", "tablet", alert.tablet_id,
              after={"alert_id": alert.id, "note": alert.note})
        session.commit()
        flash(_("The alert is closed."))
    return redirect(url_for("admin.flags"))


@require_roles("leader")
def pin_unlock(officer_id, tablet_id):
    """Lift an officer's PIN lock at a tablet; audited."""
    session = write_session()
    officer = session.get(Officer, officer_id) or abort(404)
    if unlock_pin(session, officer.id, tablet_id):
        audit("pin.unlock", "officer", officer.id, after={"tablet_id": tablet_id})
        session.commit()
        flash(_("%(name)s may sign in at that tablet again.", name=officer.full_name))
    else:
        session.rollback()
        flash(_("There was no lock to lift."), "error")
    return redirect(url_for("admin.flags"))
