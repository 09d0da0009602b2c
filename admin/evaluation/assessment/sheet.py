"""One officer's sheet of a period: the evidence, the chain of scores, and the step the
signed-in person may take (hand in, review, approve, send back, mark "không nộp")."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from admin.common.periods import zone
from admin.evaluation.assessment.forms import SendBackForm, StepForm
from admin.evaluation.assessment.support import (
    ASSESSMENT_ERRORS,
    SHEET_STATUS,
    is_own,
    may_see,
    now_utc,
    typed_entries,
)
from admin.evaluation.labels import INPUT_LABELS
from admin.people.auth import require_roles
from admin.people.scope import can
from evaluation import PeriodError
from evaluation.periods import parse_period
from evaluation.results import NOT_APPLICABLE_REASONS
from models.ops.assessment import AssessmentError, head_of, may_review, sheet_of, stage_scores
from models.ops.assessment_steps import (
    approve,
    approve_without_self,
    review,
    save_self,
    send_back,
    sheet_summary,
)
from models.org import Officer
from models.queries.assessment import period_state
from models.queries.month import compute_month
from models.queries.rubrics import NoRubricInForce, WrongPeriodKind, rubric_for_month
from web.audit import audit
from web.db import get_session, write_session

SHEET_ROLES = ("leader", "hr", "liaison", "officer")


def _period_or_404(period: str) -> str:
    try:
        return str(parse_period(period))
    except PeriodError:
        abort(404)


def _officer_or_404(officer_id: int) -> Officer:
    officer = get_session().get(Officer, officer_id)
    if officer is None or not may_see(officer):
        abort(404)
    return officer


def _steps(officer: Officer, status: str, state, now) -> dict[str, bool]:
    """Return which forms the signed-in person gets, given where the sheet stands."""
    user, session = current_user.user, get_session()
    leader = can("leader") and not is_own(officer)
    opened = state.deadline is not None and not state.closed
    return {
        "self": is_own(officer) and opened and now < state.deadline
        and status in ("none", "draft", "returned"),
        "review": not state.closed and status == "submitted"
        and may_review(session, user, officer),
        "approve": leader and not state.closed and status == "reviewed",
        "send_back": leader and not state.closed and status in ("submitted", "reviewed",
                                                                 "approved"),
        "not_submitted": leader and opened and now >= state.deadline
        and status in ("none", "draft", "returned"),
    }


@require_roles(*SHEET_ROLES)
def assessment_sheet(period: str, officer_id: int):
    """Show an officer's sheet for the period with the evidence and the next step."""
    period, officer = _period_or_404(period), _officer_or_404(officer_id)
    session = get_session()
    try:
        report = compute_month(session, period, zone=zone())
    except WrongPeriodKind as exc:
        if exc.proper:
            return redirect(url_for("admin.assessment_sheet", period=exc.proper,
                                    officer_id=officer.id))
        return render_template("evaluation/no_rubric.html", period=period,
                               can_edit_rubrics=can("leader", "hr")), 409
    except NoRubricInForce:
        return render_template("evaluation/no_rubric.html", period=period,
                               can_edit_rubrics=can("leader", "hr")), 409
    sheet = sheet_of(session, officer.id, period)
    status = sheet.status if sheet else "none"
    state, now = period_state(session, period), now_utc()
    rubric = report.rubric.rubric
    head = head_of(session, officer.department_id)
    return render_template(
        "evaluation/assessment/sheet.html", period=period, officer=officer, report=report,
        result=report.officer_result(officer.id), inputs=report.officer_inputs(officer.id),
        sheet=sheet, status=status, labels=SHEET_STATUS, state=state, now=now,
        people=rubric.scored_by_people, criteria={c.code: c for c in rubric.criteria},
        stages={stage: stage_scores(sheet, stage) if sheet else {} for stage in
                ("self", "head", "final")},
        steps=_steps(officer, status, state, now), own=is_own(officer),
        head=head if head is not None and head.officer_id != officer.id else None,
        input_labels=INPUT_LABELS, not_applicable=NOT_APPLICABLE_REASONS,
        step_form=StepForm(), send_back_form=SendBackForm())


def _back(period: str, officer_id: int):
    return redirect(url_for("admin.assessment_sheet", period=period, officer_id=officer_id))


def _take(period: str, officer_id: int, action: str, step, success: str):
    """Run one step in a write transaction: audit it with before and after, or flash why not."""
    period, officer = _period_or_404(period), _officer_or_404(officer_id)
    if not StepForm().validate_on_submit():
        abort(400)
    session = write_session()
    before = sheet_summary(sheet_of(session, officer.id, period))
    try:
        sheet = step(session, officer, period)
    except AssessmentError as exc:
        session.rollback()
        flash(ASSESSMENT_ERRORS[exc.code], "error")
        return _back(period, officer.id)
    except NoRubricInForce:
        session.rollback()
        flash(_("No active rubric is in force for this period."), "error")
        return _back(period, officer.id)
    audit(action, "evaluation_sheet", sheet.id, before=before, after=sheet_summary(sheet),
          note=f"{officer.code} {period}")
    session.commit()
    flash(success, "success")
    return _back(period, officer.id)


def _codes(session, period: str) -> list[str]:
    """Return the codes of the criteria people score in the period's rubric."""
    try:
        rubric = rubric_for_month(session, parse_period(period)).rubric
    except NoRubricInForce:
        return []
    return [c.code for c in rubric.scored_by_people]


def _existing(session, officer: Officer, period: str):
    sheet = sheet_of(session, officer.id, period)
    if sheet is None:
        raise AssessmentError("wrong_step", "no sheet yet")
    return sheet


@require_roles("officer")
def assessment_self(period: str, officer_id: int):
    """Save the officer's own self-assessment, or hand it in."""
    submit = request.form.get("action") == "submit"

    def step(session, officer, period):
        return save_self(session, officer.id, period, typed_entries(_codes(session, period)),
                         user=current_user.user, submit=submit, now=now_utc())

    return _take(period, officer_id, "assessment.submit" if submit else "assessment.save",
                 step, _("The self-assessment is handed in.") if submit
                 else _("The draft is saved."))


@require_roles(*SHEET_ROLES)
def assessment_review(period: str, officer_id: int):
    """Record the department head's review."""
    def step(session, officer, period):
        return review(session, _existing(session, officer, period),
                      typed_entries(_codes(session, period)), user=current_user.user,
                      now=now_utc())

    return _take(period, officer_id, "assessment.review", step, _("The review is recorded."))


@require_roles("leader")
def assessment_approve(period: str, officer_id: int):
    """Record the leader's final scores: the sheet is approved."""
    def step(session, officer, period):
        return approve(session, _existing(session, officer, period),
                       typed_entries(_codes(session, period)), user=current_user.user,
                       now=now_utc())

    return _take(period, officer_id, "assessment.approve", step, _("The sheet is approved."))


@require_roles("leader")
def assessment_send_back(period: str, officer_id: int):
    """Send the sheet back to the officer with the reason."""
    def step(session, officer, period):
        reason = SendBackForm().reason.data or ""
        return send_back(session, _existing(session, officer, period), reason,
                         user=current_user.user, now=now_utc())

    return _take(period, officer_id, "assessment.send_back", step,
                 _("The sheet is sent back to the officer."))


@require_roles("leader")
def assessment_not_submitted(period: str, officer_id: int):
    """Approve with the leader's scores an officer who did not hand in by the deadline."""
    def step(session, officer, period):
        return approve_without_self(session, officer.id, period,
                                    typed_entries(_codes(session, period)),
                                    user=current_user.user, now=now_utc())

    return _take(period, officer_id, "assessment.not_submitted", step,
                 _("The officer is marked as not handing in; the scores are approved."))
