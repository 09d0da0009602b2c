"""The steps of a sheet: save or submit the self-assessment, review, approve, send back,
and approve without a self-assessment ("không nộp tự đánh giá")."""

from datetime import datetime

from evaluation.periods import parse_period
from models.assessment import EvaluationSheet
from models.base import utcnow
from models.ops.assessment import (
    LEADER_ROLES,
    AssessmentError,
    Entry,
    check_scores,
    clean_text,
    ensure_open,
    may_review,
    people_criteria,
    sheet_of,
    stage_scores,
    write_stage,
)
from models.org import Officer
from models.staff import User

#: Steps in which the officer may still change their self-assessment.
EDITABLE = ("draft", "returned")


def sheet_summary(sheet: EvaluationSheet | None) -> dict | None:
    """Return a sheet's step and scores as plain values (for the audit log)."""
    if sheet is None:
        return None
    return {"status": sheet.status, **{
        stage: {code: s.score for code, s in sorted(stage_scores(sheet, stage).items())}
        for stage in ("self", "head", "final")}}


def _opened(session, period, now: datetime):
    row = ensure_open(session, period)
    if row is None or row.assessment_deadline is None:
        raise AssessmentError("not_opened", f"self-assessment of {period} is not open yet")
    return row


def save_self(session, officer_id: int, period: str, entries: dict[str, Entry], *,
              user: User, submit: bool, now: datetime | None = None) -> EvaluationSheet:
    """Save (and with ``submit`` hand in) the signed-in officer's own self-assessment; flush.

    :raises AssessmentError: ``not_own``, ``month_closed``, ``not_opened``,
        ``deadline_passed``, ``wrong_step`` (already handed in), ``score_missing``
        (handing in needs every score), ``score_out_of_range``, ``unknown_criterion``.
    """
    parsed, now = parse_period(period), now or utcnow()
    if user.officer_id != officer_id or not user.active:
        raise AssessmentError("not_own", "an officer writes only their own self-assessment")
    row = _opened(session, parsed, now)
    if now >= row.assessment_deadline:
        raise AssessmentError("deadline_passed", f"the deadline for {parsed} has passed")
    checked = check_scores(people_criteria(session, parsed), entries, complete=submit)
    sheet = sheet_of(session, officer_id, str(parsed))
    if sheet is None:
        sheet = EvaluationSheet(officer_id=officer_id, period=str(parsed), status="draft",
                                returned_reason="")
        session.add(sheet)
        session.flush()
    if sheet.status not in EDITABLE:
        raise AssessmentError("wrong_step", "the self-assessment is already handed in")
    write_stage(session, sheet, "self", checked, user.id, now)
    sheet.updated_at = now
    if submit:
        sheet.status, sheet.submitted_at = "submitted", now
    session.flush()
    session.refresh(sheet)
    return sheet


def _lowered_without_reason(checked: dict[str, Entry], before: dict) -> str | None:
    """Return the first criterion scored below the step before without a reason."""
    for code, entry in sorted(checked.items()):
        previous = before.get(code)
        if previous is not None and entry.score < previous.score and not entry.text:
            return code
    return None


def _sheet_officer(session, sheet: EvaluationSheet) -> Officer:
    return session.get(Officer, sheet.officer_id)


def review(session, sheet: EvaluationSheet, entries: dict[str, Entry], *, user: User,
           now: datetime | None = None) -> EvaluationSheet:
    """Record the department head's scores of a handed-in sheet; flush.

    A score lower than the officer's own needs a written reason.

    :raises AssessmentError: ``month_closed``, ``self_review``, ``not_reviewer``,
        ``wrong_step`` (not handed in, or already reviewed), ``score_missing``,
        ``score_out_of_range``, ``reason_required``.
    """
    period, now = parse_period(sheet.period), now or utcnow()
    ensure_open(session, period)
    officer = _sheet_officer(session, sheet)
    if user.officer_id == officer.id:
        raise AssessmentError("self_review", "nobody reviews their own self-assessment")
    if not may_review(session, user, officer):
        raise AssessmentError("not_reviewer", "only the department's head reviews this sheet")
    if sheet.status != "submitted":
        raise AssessmentError("wrong_step", "only a handed-in sheet is reviewed")
    checked = check_scores(people_criteria(session, period), entries, complete=True)
    lowered = _lowered_without_reason(checked, stage_scores(sheet, "self"))
    if lowered:
        raise AssessmentError("reason_required", f"{lowered}: give the reason for a lower score")
    write_stage(session, sheet, "head", checked, user.id, now)
    sheet.status, sheet.reviewed_at, sheet.reviewed_by_id, sheet.updated_at = (
        "reviewed", now, user.id, now)
    session.flush()
    session.refresh(sheet)
    return sheet


def _check_leader(user: User, sheet: EvaluationSheet) -> None:
    if user.officer_id == sheet.officer_id:
        raise AssessmentError("self_review", "nobody approves their own self-assessment")
    if user.role not in LEADER_ROLES or not user.active:
        raise AssessmentError("leader_required", "only a centre leader approves")


def approve(session, sheet: EvaluationSheet, entries: dict[str, Entry], *, user: User,
            now: datetime | None = None) -> EvaluationSheet:
    """Record the leader's final scores of a reviewed sheet: the only ones that count; flush.

    A final score lower than the head's needs a written reason.

    :raises AssessmentError: ``month_closed``, ``self_review``, ``leader_required``,
        ``wrong_step`` (not reviewed yet: approval out of order), ``score_missing``,
        ``score_out_of_range``, ``reason_required``.
    """
    period, now = parse_period(sheet.period), now or utcnow()
    ensure_open(session, period)
    _check_leader(user, sheet)
    if sheet.status != "reviewed":
        raise AssessmentError("wrong_step", "a sheet is approved once it has been reviewed")
    checked = check_scores(people_criteria(session, period), entries, complete=True)
    lowered = _lowered_without_reason(checked, stage_scores(sheet, "head"))
    if lowered:
        raise AssessmentError("reason_required", f"{lowered}: give the reason for a lower score")
    write_stage(session, sheet, "final", checked, user.id, now)
    sheet.status, sheet.approved_at, sheet.approved_by_id, sheet.updated_at = (
        "approved", now, user.id, now)
    session.flush()
    session.refresh(sheet)
    return sheet


def send_back(session, sheet: EvaluationSheet, reason: str, *, user: User,
              now: datetime | None = None) -> EvaluationSheet:
    """Send a handed-in, reviewed or approved sheet back to the officer, with a reason; flush.

    The final scores are removed (the sheet no longer counts until approved again); the
    officer's and the head's stay, to be changed in the next round.

    :raises AssessmentError: ``month_closed``, ``self_review``, ``leader_required``,
        ``reason_required``, ``wrong_step``.
    """
    period, now = parse_period(sheet.period), now or utcnow()
    ensure_open(session, period)
    _check_leader(user, sheet)
    reason = clean_text(reason)
    if not reason:
        raise AssessmentError("reason_required", "sending a sheet back needs a reason")
    if sheet.status not in ("submitted", "reviewed", "approved"):
        raise AssessmentError("wrong_step", "only a handed-in sheet can be sent back")
    write_stage(session, sheet, "final", {}, user.id, now)
    sheet.status, sheet.returned_reason, sheet.updated_at = "returned", reason, now
    sheet.approved_at = sheet.approved_by_id = None
    session.flush()
    session.refresh(sheet)
    return sheet


def approve_without_self(session, officer_id: int, period: str, entries: dict[str, Entry], *,
                         user: User, now: datetime | None = None) -> EvaluationSheet:
    """Mark an officer "không nộp tự đánh giá" after the deadline, with the leader's scores.

    The leader's scores are the final ones; the sheet counts as approved.

    :raises AssessmentError: ``month_closed``, ``not_opened``, ``deadline_not_passed``,
        ``self_review``, ``leader_required``, ``wrong_step`` (handed in: review it),
        ``score_missing``, ``score_out_of_range``, ``unknown_officer``.
    """
    parsed, now = parse_period(period), now or utcnow()
    if session.get(Officer, officer_id) is None:
        raise AssessmentError("unknown_officer", f"no officer with id {officer_id}")
    row = _opened(session, parsed, now)
    if now < row.assessment_deadline:
        raise AssessmentError("deadline_not_passed",
                              "an officer is marked as not handing in after the deadline")
    sheet = sheet_of(session, officer_id, str(parsed))
    probe = sheet or EvaluationSheet(officer_id=officer_id, period=str(parsed))
    _check_leader(user, probe)
    if sheet is not None and sheet.status not in EDITABLE:
        raise AssessmentError("wrong_step", "the sheet was handed in: review and approve it")
    checked = check_scores(people_criteria(session, parsed), entries, complete=True)
    if sheet is None:
        sheet = EvaluationSheet(officer_id=officer_id, period=str(parsed), status="draft",
                                returned_reason="")
        session.add(sheet)
        session.flush()
    write_stage(session, sheet, "final", checked, user.id, now)
    sheet.status, sheet.approved_at, sheet.approved_by_id, sheet.updated_at = (
        "not_submitted", now, user.id, now)
    session.flush()
    session.refresh(sheet)
    return sheet
