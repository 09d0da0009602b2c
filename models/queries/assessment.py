"""The NĐ 335 workflow as the console shows it: the period's status board, one sheet's chain."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import aliased

from models.assessment import DepartmentHead, EvaluationSheet
from models.evaluation import EvaluationMonth
from models.org import Department, Officer, Site
from models.staff import User

#: Board rows: officers not yet handed in, waiting for review, waiting for approval, done.
WAITING_OFFICER = ("none", "draft", "returned")


@dataclass(frozen=True)
class PeriodState:
    """Whether a period's self-assessments are open, until when, and whether it is closed."""

    period: str
    opened_at: datetime | None
    deadline: datetime | None
    closed: bool


@dataclass(frozen=True)
class BoardRow:
    """One officer on the status board."""

    officer_id: int
    code: str
    full_name: str
    site_name: str
    department_id: int
    department_name: str
    #: Who reviews as the department's head (None: a leader stands in).
    head: str | None
    head_user_id: int | None
    #: "none" (no sheet yet) or the sheet's status.
    status: str
    submitted_at: datetime | None
    reviewed_at: datetime | None
    approved_at: datetime | None
    #: The officer's account, when they have one (reminders go to it).
    user_id: int | None


def period_state(session, period: str) -> PeriodState:
    """Return the period's self-assessment window and whether it is closed."""
    row = session.get(EvaluationMonth, period)
    if row is None:
        return PeriodState(period, None, None, False)
    return PeriodState(period, row.assessment_opened_at, row.assessment_deadline,
                       row.status == "closed")


def headed_departments(session, user_id: int) -> set[int]:
    """Return the departments a user heads."""
    return set(session.scalars(select(DepartmentHead.department_id)
                               .where(DepartmentHead.user_id == user_id)))


def board(session, period: str, departments: set[int] | None = None) -> list[BoardRow]:
    """Return every active officer (and any other with a sheet) and their sheet's step.

    ``departments`` limits the rows (a liaison's or a head's departments); None: all.
    """
    head_user, account = aliased(User), aliased(User)
    query = (
        select(Officer.id, Officer.code, Officer.full_name, Site.name, Department.id,
               Department.name, head_user.full_name, head_user.username, head_user.id,
               EvaluationSheet.status,
               EvaluationSheet.submitted_at, EvaluationSheet.reviewed_at,
               EvaluationSheet.approved_at, account.id, Officer.active)
        .join(Site, Site.id == Officer.site_id)
        .join(Department, Department.id == Officer.department_id)
        .outerjoin(DepartmentHead, DepartmentHead.department_id == Department.id)
        .outerjoin(head_user, head_user.id == DepartmentHead.user_id)
        .outerjoin(account, account.officer_id == Officer.id)
        .outerjoin(EvaluationSheet, (EvaluationSheet.officer_id == Officer.id)
                   & (EvaluationSheet.period == period))
        .order_by(Site.name, Department.name, Officer.code))
    if departments is not None:
        query = query.where(Officer.department_id.in_(sorted(departments)))
    rows = []
    for row in session.execute(query):
        (officer_id, code, name, site, department_id, department, head_name, head_login,
         head_id, status, submitted, reviewed, approved, user_id, active) = row
        if not active and status is None:
            continue
        rows.append(BoardRow(officer_id, code, name, site, department_id, department,
                             head_name or head_login, head_id, status or "none", submitted,
                             reviewed, approved, user_id))
    return rows


def status_counts(rows: list[BoardRow]) -> dict[str, int]:
    """Return how many rows are at each step."""
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return counts
