"""The evaluation months: their state, exclusions, contests, late ratings; close and reopen."""

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from admin.common.nav import add_nav
from admin.common.once import Once, flash_all
from admin.common.periods import default_month, has_ended, zone
from admin.evaluation.forms import CloseForm, ReopenForm
from admin.evaluation.labels import CONTEST_STATUS, MONTH_ERRORS, MONTH_STATUS
from admin.people.auth import require_roles
from admin.people.scope import can
from evaluation import PeriodError
from evaluation.periods import parse_period, previous_month
from evaluation.results import NOT_APPLICABLE_REASONS
from models import Officer
from models.ops.months import MonthStateError, close_month, reopen_month
from models.queries.month import compute_month
from models.queries.month_readiness import month_checklist, ready_to_close
from models.queries.months import list_months, month_events
from models.queries.rubrics import NoRubricInForce
from web.audit import audit
from web.db import get_session, write_session

add_nav("admin.months", _l("Evaluation months"), ("leader", "hr"), order=26)


def _month_or_404(period: str):
    try:
        return parse_period(period)
    except PeriodError:
        abort(404)


def _refused(exc: MonthStateError) -> str:
    """Return why a month cannot be closed or reopened, for a person to read."""
    if exc.code == "assessments_pending":
        shown = ", ".join(exc.pending[:20]) + ("…" if len(exc.pending) > 20 else "")
        return _("The period cannot be closed yet: %(count)d officer(s) are not approved "
                 "(nor marked as not handing in): %(names)s.", count=len(exc.pending),
                 names=shown)
    return str(MONTH_ERRORS[exc.code])


@require_roles("leader", "hr")
def months():
    """List the last twelve months and every closed month, with their state."""
    recent, month = [], default_month()
    for _step in range(12):
        recent.append(str(month))
        month = previous_month(month)
    return render_template("evaluation/months.html",
                           rows=list_months(get_session(), recent), labels=MONTH_STATUS)


def _officer_names(session, report) -> dict[int, str]:
    names = {o.officer_id: o.full_name for o in report.inputs.officers}
    missing = {r.officer_id for r in report.late if r.officer_id not in names} - {None}
    if missing:
        rows = session.execute(select(Officer.id, Officer.full_name)
                               .where(Officer.id.in_(missing)))
        names |= {row.id: row.full_name for row in rows}
    return names


@require_roles("leader", "hr")
def month_detail(period: str):
    """Show a month's state and history, its exclusions, contests and late ratings."""
    month = _month_or_404(period)
    session = get_session()
    try:
        report = compute_month(session, month, zone=zone())
    except NoRubricInForce:
        return render_template("evaluation/no_rubric.html", period=str(month),
                               can_edit_rubrics=True)
    checklist = month_checklist(session, report, datetime.now(UTC))
    return render_template(
        "evaluation/month.html", report=report, events=month_events(session, str(month)),
        checklist=checklist, ready=ready_to_close(checklist), reasons=NOT_APPLICABLE_REASONS,
        names=_officer_names(session, report), status_label=MONTH_STATUS[report.status],
        contest_status=CONTEST_STATUS, ended=has_ended(month),
        can_close=can("leader") and report.status == "open" and has_ended(month),
        can_reopen=can("leader") and report.status == "closed",
        close_form=CloseForm(), reopen_form=ReopenForm())


@require_roles("leader")
def month_close(period: str):
    """Freeze the month's inputs, rubric and results."""
    month = _month_or_404(period)
    form = CloseForm()
    if not form.validate_on_submit():
        abort(400)
    location = url_for("admin.month_detail", period=str(month))
    session = write_session()
    once = Once(session, form, "month.close")
    if once.earlier:
        return once.replay(location)
    try:
        report = close_month(session, str(month), zone=zone(), user_id=current_user.user.id)
    except MonthStateError as exc:
        flash(_refused(exc), "error")
    except NoRubricInForce:
        flash(_("No active rubric is in force for this month."), "error")
    else:
        audit("month.close", "month", report.period,
              after={"rubric": f"{report.rubric.name} v{report.rubric.version}",
                     "officers": len(report.result.officers)})
        messages = [("success", _("The month is closed: the results of %(count)d officer(s) "
                                  "are frozen.", count=len(report.result.officers)))]
        once.done({"location": location, "messages": messages})
        session.commit()
        flash_all(messages)
    return redirect(location)


@require_roles("leader")
def month_reopen(period: str):
    """Reopen a closed month as a live draft, with the leader's reason."""
    month = _month_or_404(period)
    form = ReopenForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for reopening the month."), "error")
        return redirect(url_for("admin.month_detail", period=str(month)))
    session = write_session()
    try:
        summary = reopen_month(session, str(month), reason=form.reason.data,
                               user_id=current_user.user.id)
    except MonthStateError as exc:
        flash(MONTH_ERRORS[exc.code], "error")
    else:
        audit("month.reopen", "month", str(month), before=summary, note=form.reason.data)
        session.commit()
        flash(_("The month is open again as a live draft."), "success")
    return redirect(url_for("admin.month_detail", period=str(month)))
