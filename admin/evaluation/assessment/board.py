"""The period's status board: who has not handed in, who waits for review or approval;
opening a period's self-assessments (with a deadline) and sending reminders."""

import smtplib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.alerts.mail import send
from admin.common.nav import add_nav
from admin.evaluation.assessment.forms import OpenForm, StepForm
from admin.evaluation.assessment.reminders import message_for, reminders
from admin.evaluation.assessment.support import (
    ASSESSMENT_ERRORS,
    SHEET_STATUS,
    board_scope,
    local_zone,
    now_utc,
    requested_period,
)
from admin.people.auth import require_roles
from admin.people.scope import can
from models.ops.assessment import AssessmentError, end_self_assessment, open_assessment
from models.queries.assessment import board, period_state, status_counts
from models.queries.rubrics import NoRubricInForce
from web.audit import audit
from web.db import get_session, write_session

BOARD_ROLES = ("leader", "hr", "liaison", "officer")

add_nav("admin.assessment_board", _l("Self-assessments"), ("leader", "hr", "liaison"), order=25)
add_nav("admin.my_assessment", _l("My self-assessment"), ("officer",), order=21)


def local_deadline(day) -> datetime:
    """Return the end of a local day (the next local midnight) as a UTC instant."""
    zone = ZoneInfo(local_zone())
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)


@require_roles(*BOARD_ROLES)
def assessment_board():
    """List every officer of the period with where their self-assessment stands."""
    period, scope = requested_period(), board_scope()
    if current_user.role == "officer" and not scope:
        return redirect(url_for("admin.my_assessment", period=period))
    session = get_session()
    rows = board(session, period, scope)
    state = period_state(session, period)
    return render_template(
        "evaluation/assessment/board.html", period=period, rows=rows, state=state,
        counts=status_counts(rows), labels=SHEET_STATUS, can_open=can("leader") and
        not state.closed, open_form=OpenForm(), step_form=StepForm(), now=now_utc())


@require_roles("leader")
def assessment_open():
    """Open the period's self-assessments until the chosen day, or move the deadline."""
    period = requested_period()
    form = OpenForm()
    if not form.validate_on_submit():
        flash(_("Choose the last day for handing in."), "error")
        return redirect(url_for("admin.assessment_board", period=period))
    session = write_session()
    before = period_state(session, period)
    try:
        row = open_assessment(session, period, deadline=local_deadline(form.deadline.data),
                              user_id=current_user.user.id, now=now_utc())
    except AssessmentError as exc:
        flash(ASSESSMENT_ERRORS[exc.code], "error")
    except NoRubricInForce:
        flash(_("No active rubric is in force for this period."), "error")
    else:
        audit("assessment.open", "month", period,
              before={"deadline": before.deadline.isoformat() if before.deadline else None},
              after={"deadline": row.assessment_deadline.isoformat()})
        session.commit()
        flash(_("Self-assessment is open until the end of %(day)s.",
                day=form.deadline.data.strftime("%d/%m/%Y")), "success")
    return redirect(url_for("admin.assessment_board", period=period))


@require_roles("leader")
def assessment_end():
    """End the period's self-assessment now: nobody hands in any more; the leader may then
    approve those who did not ("không nộp tự đánh giá")."""
    period = requested_period()
    if not StepForm().validate_on_submit():
        abort(400)
    session = write_session()
    before = period_state(session, period)
    try:
        row = end_self_assessment(session, period, now=now_utc())
    except AssessmentError as exc:
        flash(ASSESSMENT_ERRORS[exc.code], "error")
        return redirect(url_for("admin.assessment_board", period=period))
    audit("assessment.end", "month", period,
          before={"deadline": before.deadline.isoformat() if before.deadline else None},
          after={"deadline": row.assessment_deadline.isoformat()})
    session.commit()
    flash(_("Self-assessment for this period has ended."), "success")
    return redirect(url_for("admin.assessment_board", period=period))


def send_reminders(session, period: str) -> tuple[int, int]:
    """E-mail the reminders of a period; return (sent, failed). Needs SMTP_HOST."""
    state = period_state(session, period)
    deadline = "—"
    if state.deadline is not None:
        last_day = state.deadline.astimezone(ZoneInfo(local_zone())) - timedelta(seconds=1)
        deadline = last_day.strftime("%d/%m/%Y")
    sent = failed = 0
    for reminder in reminders(session, board(session, period), state):
        try:
            send(message_for(reminder, state, deadline))
            sent += 1
        except (OSError, smtplib.SMTPException):
            failed += 1
    return sent, failed


@require_roles("leader")
def assessment_remind():
    """E-mail officers who have not handed in and heads with sheets to review."""
    period = requested_period()
    if not StepForm().validate_on_submit():
        abort(400)
    if not current_app.config["SMTP_HOST"]:
        flash(_("No mail server is set (HAILONG_SMTP_HOST): each person sees what waits for "
                "them when they sign in."), "error")
        return redirect(url_for("admin.assessment_board", period=period))
    session = write_session()
    sent, failed = send_reminders(session, period)
    audit("assessment.remind", "month", period, after={"sent": sent, "failed": failed})
    session.commit()
    flash(_("Reminders sent: %(sent)d; failed: %(failed)d.", sent=sent, failed=failed),
          "success" if not failed else "error")
    return redirect(url_for("admin.assessment_board", period=period))


@require_roles("officer")
def my_assessment():
    """Open the signed-in officer's own sheet for the period."""
    officer_id = current_user.user.officer_id
    if officer_id is None:
        abort(404)
    return redirect(url_for("admin.assessment_sheet", period=requested_period(),
                            officer_id=officer_id))
