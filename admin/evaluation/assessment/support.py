"""What the workflow pages share: the period asked for, who may see and act, the scores typed."""

from datetime import UTC, datetime

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.common.periods import default_month, zone
from evaluation import PeriodError
from evaluation.periods import parse_period, period_of
from models.ops.assessment import Entry, may_review
from models.org import Officer
from models.queries.assessment import headed_departments
from models.queries.rubrics import NoRubricInForce, rubric_on
from web.db import get_session

#: A sheet's step, as the console names it.
SHEET_STATUS = {
    "none": _l("Not started"),
    "draft": _l("Draft (not handed in)"),
    "submitted": _l("Handed in, waiting for review"),
    "reviewed": _l("Reviewed, waiting for approval"),
    "returned": _l("Sent back to the officer"),
    "approved": _l("Approved"),
    "not_submitted": _l("Approved without a self-assessment (không nộp)"),
}

#: Refused steps (models.ops.assessment.AssessmentError codes), for a person to read.
ASSESSMENT_ERRORS = {
    "month_closed": _l("This period is closed: nothing in it can change."),
    "not_opened": _l("Self-assessment for this period has not been opened yet."),
    "deadline_passed": _l("The deadline for handing in the self-assessment has passed."),
    "deadline_not_passed": _l("An officer can be marked as not handing in only after the "
                              "deadline."),
    "bad_deadline": _l("The deadline must be a date in the future."),
    "not_own": _l("You may only write your own self-assessment."),
    "no_people_criteria": _l("The rubric of this period has no criterion scored by people."),
    "unknown_criterion": _l("A score was given for a criterion the rubric does not have."),
    "score_out_of_range": _l("Every score must be between 0 and the criterion's maximum."),
    "score_missing": _l("Give a score for every criterion."),
    "reason_required": _l("Write the reason for each score lower than the step before, and "
                          "for sending a sheet back."),
    "wrong_step": _l("The sheet is not at that step: reload the page to see where it is."),
    "not_reviewer": _l("Only the head of the officer's department reviews this sheet (a centre "
                       "leader when the department has no head)."),
    "self_review": _l("Nobody may review or approve their own self-assessment."),
    "leader_required": _l("Only a centre leader may do this."),
    "text_too_long": _l("A text is at most 1000 characters."),
    "unknown_officer": _l("No such officer."),
}


def default_period() -> str:
    """Return the latest ended month, or its quarter when the rubric then is quarterly."""
    month = default_month()
    try:
        kind = rubric_on(get_session(), month.first_day).rubric.period
    except NoRubricInForce:
        return str(month)
    return str(period_of(month, kind))


def requested_period() -> str:
    """Return ``?period=`` (a month YYYY-MM or a quarter YYYY-Qn); 400 when malformed."""
    text = request.values.get("period", "").strip() or request.values.get("month", "").strip()
    if not text:
        return default_period()
    try:
        return str(parse_period(text))
    except PeriodError:
        abort(400)


def now_utc() -> datetime:
    """Return the current instant (one place, so pages and steps agree)."""
    return datetime.now(UTC)


def is_own(officer: Officer) -> bool:
    """Say whether the signed-in person is the officer."""
    return current_user.user.officer_id == officer.id


def may_see(officer: Officer) -> bool:
    """Say whether the signed-in person may open the officer's sheet.

    The officer themself, their reviewer, leaders, HR, and a liaison for their departments.
    """
    user = current_user.user
    if is_own(officer) or user.role in ("admin", "leader", "hr"):
        return True
    if user.role == "liaison" and officer.department_id in {d.id for d in user.departments}:
        return True
    return may_review(get_session(), user, officer)


def board_scope() -> set[int] | None:
    """Return the departments whose officers the board lists; None: every department.

    Leaders and HR see all; a liaison sees their departments and those they head; anyone
    else the departments they head (possibly none).
    """
    user = current_user.user
    if user.role in ("admin", "leader", "hr"):
        return None
    headed = headed_departments(get_session(), user.id)
    if user.role == "liaison":
        return headed | {d.id for d in user.departments}
    return headed


def typed_entries(codes) -> dict[str, Entry]:
    """Return the scores and texts typed in the form, by criterion (``score_A1``, ``text_A1``).

    A blank score is None; a score that is not a number is refused as out of range.
    """
    entries = {}
    for code in codes:
        raw = request.form.get(f"score_{code}", "").strip().replace(",", ".")
        text = request.form.get(f"text_{code}", "")
        if not raw:
            entries[code] = Entry(None, text)
            continue
        try:
            entries[code] = Entry(float(raw), text)
        except ValueError:
            entries[code] = Entry(float("nan"), text)
    return entries


def local_zone() -> str:
    """Return the centre's IANA zone."""
    return zone()
