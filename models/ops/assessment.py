"""The NĐ 335 workflow of a period: the officer's self-assessment, the department head's
review, the centre leader's approval (or sending back, or "không nộp tự đánh giá").

Every function flushes and never commits; the view audits and commits. The evaluated
officer is the adversary: they write only their own sheet, only while the period is open
and before its deadline; nobody reviews or approves their own sheet; only the leader's
final score counts; a closed period never changes.
"""

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select

from evaluation.periods import Period, parse_period
from evaluation.rubric_schema import Criterion
from models.assessment import DepartmentHead, EvaluationScore, EvaluationSheet
from models.base import nfc, utcnow
from models.evaluation import EvaluationMonth
from models.org import Department, Officer
from models.queries.rubrics import rubric_for_month
from models.staff import User

#: Longest text with a score.
MAX_TEXT = 1000
#: Roles that approve (the centre leader) and may stand in for a missing department head.
LEADER_ROLES = ("leader", "admin")


class AssessmentError(ValueError):
    """A workflow step that cannot be taken; ``code`` is stable, ``message`` in English."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Entry:
    """A score given to one criterion, with its text (the officer's note or a reason)."""

    score: float | None
    text: str = ""


def _period_row(session, period: Period) -> EvaluationMonth | None:
    return session.get(EvaluationMonth, str(period))


def ensure_open(session, period: Period) -> EvaluationMonth | None:
    """Refuse any change to a closed period.

    :raises AssessmentError: ``month_closed``.
    """
    row = _period_row(session, period)
    if row is not None and row.status == "closed":
        raise AssessmentError("month_closed", f"{period} is closed")
    return row


def people_criteria(session, period: Period) -> tuple[Criterion, ...]:
    """Return the criteria people score in the period's rubric.

    :raises AssessmentError: ``no_people_criteria`` when the rubric has none.
    :raises models.queries.rubrics.NoRubricInForce: when no rubric applies.
    """
    criteria = rubric_for_month(session, period).rubric.scored_by_people
    if not criteria:
        raise AssessmentError("no_people_criteria",
                              f"the rubric of {period} has no criterion scored by people")
    return criteria


def open_assessment(session, period: str, *, deadline: datetime, user_id: int | None,
                    now: datetime | None = None) -> EvaluationMonth:
    """Open a period's self-assessments until ``deadline`` (or move the deadline); flush.

    :raises AssessmentError: ``month_closed``, ``bad_deadline`` (not after now),
        ``no_people_criteria``.
    """
    parsed = parse_period(period)
    now = now or utcnow()
    row = ensure_open(session, parsed)
    people_criteria(session, parsed)
    if deadline <= now:
        raise AssessmentError("bad_deadline", "the deadline must be in the future")
    if row is None:
        row = EvaluationMonth(period=str(parsed), status="open")
        session.add(row)
    if row.assessment_opened_at is None:
        row.assessment_opened_at, row.assessment_opened_by_id = now, user_id
    row.assessment_deadline = deadline
    session.flush()
    return row


def end_self_assessment(session, period: str, *, now: datetime | None = None) -> EvaluationMonth:
    """End the period's self-assessment now (the deadline becomes now); flush.

    From then on officers cannot hand in, and a leader may approve those who did not
    ("không nộp tự đánh giá").

    :raises AssessmentError: ``month_closed``, ``not_opened``, ``deadline_passed`` (already
        over).
    """
    parsed, now = parse_period(period), now or utcnow()
    row = ensure_open(session, parsed)
    if row is None or row.assessment_deadline is None:
        raise AssessmentError("not_opened", f"self-assessment of {parsed} is not open")
    if row.assessment_deadline <= now:
        raise AssessmentError("deadline_passed", f"the deadline of {parsed} has passed")
    row.assessment_deadline = now
    session.flush()
    return row


def sheet_of(session, officer_id: int, period: str) -> EvaluationSheet | None:
    """Return an officer's sheet for the period, or None."""
    return session.scalar(select(EvaluationSheet).where(
        EvaluationSheet.officer_id == officer_id, EvaluationSheet.period == period))


def head_of(session, department_id: int) -> User | None:
    """Return the active account heading a department, or None."""
    user_id = session.scalar(select(DepartmentHead.user_id)
                             .where(DepartmentHead.department_id == department_id))
    user = session.get(User, user_id) if user_id is not None else None
    return user if user is not None and user.active else None


def may_review(session, user: User, officer: Officer) -> bool:
    """Say whether ``user`` reviews ``officer``'s sheet as the direct manager.

    Policy: the department's head does; when the department has no head, or its head is
    the officer themself, a centre leader reviews in the head's place. Nobody reviews
    their own sheet.
    """
    if user.officer_id == officer.id or not user.active:
        return False
    head = head_of(session, officer.department_id)
    if head is not None and head.officer_id != officer.id:
        return head.id == user.id
    return user.role in LEADER_ROLES


def clean_text(value: str | None) -> str:
    text = nfc((value or "").strip())
    if len(text) > MAX_TEXT:
        raise AssessmentError("text_too_long", f"a text is at most {MAX_TEXT} characters")
    return text


def check_scores(criteria, entries: dict[str, Entry], *, complete: bool) -> dict[str, Entry]:
    """Check every entry is a known criterion with a score in 0…max; all of them if asked."""
    known = {c.code: c for c in criteria}
    unknown = sorted(set(entries) - known.keys())
    if unknown:
        raise AssessmentError("unknown_criterion", f"unknown criterion {unknown[0]!r}")
    checked = {}
    for code, criterion in known.items():
        entry = entries.get(code)
        if entry is None or entry.score is None:
            if complete:
                raise AssessmentError("score_missing", f"criterion {code} needs a score")
            continue
        if not math.isfinite(entry.score) or not 0 <= entry.score <= criterion.max_points:
            raise AssessmentError("score_out_of_range",
                                  f"{code}: a score is between 0 and {criterion.max_points:g}")
        checked[code] = Entry(float(entry.score), clean_text(entry.text))
    return checked


def write_stage(session, sheet: EvaluationSheet, stage: str, entries: dict[str, Entry],
           user_id: int | None, now: datetime) -> None:
    """Replace a stage's scores of the sheet."""
    session.execute(delete(EvaluationScore).where(EvaluationScore.sheet_id == sheet.id,
                                                  EvaluationScore.stage == stage))
    for code, entry in sorted(entries.items()):
        session.add(EvaluationScore(sheet_id=sheet.id, criterion=code, stage=stage,
                                    score=entry.score, note=entry.text, user_id=user_id, at=now))


def stage_scores(sheet: EvaluationSheet, stage: str) -> dict[str, EvaluationScore]:
    """Return a sheet's scores of one stage, by criterion."""
    return {s.criterion: s for s in sheet.scores if s.stage == stage}


def set_department_head(session, department_id: int, user_id: int | None) -> tuple:
    """Make ``user_id`` the department's head (its officers' direct reviewer), or clear it.

    Returns (head's user id before, after). Flushes.

    :raises AssessmentError: ``unknown_department``, ``unknown_user`` (no such active account).
    """
    if session.get(Department, department_id) is None:
        raise AssessmentError("unknown_department", f"no department with id {department_id}")
    user = session.get(User, user_id) if user_id is not None else None
    if user_id is not None and (user is None or not user.active):
        raise AssessmentError("unknown_user", f"no active account with id {user_id}")
    row = session.get(DepartmentHead, department_id)
    before = row.user_id if row else None
    if row is not None and user_id is None:
        session.delete(row)
    elif row is not None:
        row.user_id, row.assigned_at = user_id, utcnow()
    elif user_id is not None:
        session.add(DepartmentHead(department_id=department_id, user_id=user_id))
    session.flush()
    return before, user_id
