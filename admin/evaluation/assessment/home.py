"""What the workflow puts on each person's console home: their own sheet, sheets waiting."""

from flask_login import current_user

from admin.evaluation.assessment.support import default_period, now_utc
from models.ops.assessment import sheet_of
from models.queries.assessment import board, headed_departments, period_state
from web.db import get_session


def assessment_notice() -> dict | None:
    """Return the self-assessment notice of the home page, or None when nothing waits.

    An officer sees their own sheet of the open period; a department head the sheets
    waiting for their review; a leader those waiting for approval.
    """
    session, user = get_session(), current_user.user
    period = default_period()
    state = period_state(session, period)
    if state.deadline is None or state.closed:
        return None
    notice = {"period": period, "deadline": state.deadline,
              "passed": now_utc() >= state.deadline, "own": None, "to_review": 0,
              "to_approve": 0}
    if user.officer_id is not None:
        sheet = sheet_of(session, user.officer_id, period)
        notice["own"] = sheet.status if sheet else "none"
        notice["officer_id"] = user.officer_id
    headed = headed_departments(session, user.id)
    if headed or user.role in ("leader", "admin"):
        rows = board(session, period, None if user.role in ("leader", "admin") else headed)
        notice["to_review"] = sum(1 for r in rows if r.status == "submitted"
                                  and (r.department_id in headed or r.head_user_id is None))
        if user.role in ("leader", "admin"):
            notice["to_approve"] = sum(1 for r in rows if r.status == "reviewed")
    if notice["own"] is None and not notice["to_review"] and not notice["to_approve"]:
        return None
    return notice
