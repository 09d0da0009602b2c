"""Demo NĐ 335 data: the centre switched to the decree's rubric in November 2026, department
heads review, and the last ended month has officers at every step of the workflow."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from evaluation import load_default_rubric, load_local_plan_rubric
from models.assessment import (
    DepartmentHead,
    EvaluationScore,
    EvaluationSheet,
    TaskAssignment,
)
from models.base import utcnow
from models.defaults import install_rubric
from models.evaluation import EvaluationMonth
from models.leadership import LeadingPost
from models.staff import User

#: The demo centre scores by the local plan until October 2026, by NĐ 335 from November.
DECREE_FROM = date(2026, 11, 1)
#: Steps of the first officers of the last ended month (the demo officer's own first: not
#: started); every other officer is approved, so the month can be closed after a walk-through.
STEPS = ("none", "draft", "submitted", "reviewed", "returned", "reviewed", "not_submitted")
REASONS = ("Còn phiếu không hài lòng của người dân", "Một lần đi muộn trong tháng",
           "Chưa chủ động phối hợp với sở, ngành")
NOTES = {"A1": "Chấp hành nghiêm nội quy, quy chế của Trung tâm",
         "A2": "Hướng dẫn tận tình, không để người dân đi lại nhiều lần",
         "A3": "Đề xuất mẫu hướng dẫn hồ sơ cho thủ tục thường gặp"}


def install_demo_rubrics(session) -> None:
    """Store the local plan (active from 2026-01-01) and NĐ 335 (active from November)."""
    install_rubric(session, load_local_plan_rubric())
    install_rubric(session, replace(load_default_rubric(), effective_from=DECREE_FROM))


def assign_heads(session, users: list[User], officers, password_hash: str) -> list[User]:
    """Make department heads: "truongbp" heads the demo officer's department; the liaison
    heads their own departments. Returns the new account(s)."""
    department = officers[0].department_id
    head = User(username="truongbp", role="liaison", password_hash=password_hash,
                full_name="Phạm Thị Hương", password_changed_at=utcnow())
    head.departments = [officers[0].department]
    session.add(head)
    session.flush()
    session.add(DepartmentHead(department_id=department, user_id=head.id))
    liaison = next(u for u in users if u.role == "liaison")
    for unit in liaison.departments:
        if unit.id != department:
            session.add(DepartmentHead(department_id=unit.id, user_id=liaison.id))
    session.flush()
    return [head]


def record_leading_post(session, officers) -> None:
    """Make the second officer of the demo officer's department its head at the counters
    (công chức lãnh đạo, quản lý) from the decree's rubric on: their task results average
    the department's parts with their own."""
    first = officers[0]
    colleague = next((o for o in officers[1:] if o.department_id == first.department_id
                      and o.site_id == first.site_id), None)
    if colleague is None:
        return
    session.add(LeadingPost(officer_id=colleague.id, unit="department",
                            department_id=colleague.department_id, title="Trưởng bộ phận",
                            started_on=DECREE_FROM,
                            note="Quyết định số 12/QĐ-TTPVHCC (dữ liệu mẫu)"))
    session.flush()


def _scores(rng, sheet_id: int, step: str, users: dict[str, int], at: datetime) -> list[dict]:
    """Return the score rows of a sheet at ``step``."""
    rows = []
    for code, top in (("A1", 10), ("A2", 15), ("A3", 5)):
        own = max(0.0, top - rng.choice((0, 0, 0.5, 1)))
        head = own - rng.choice((0, 0, 0, 0.5, 1))
        if step != "not_submitted":
            rows.append({"sheet_id": sheet_id, "criterion": code, "stage": "self", "score": own,
                         "note": NOTES[code], "user_id": users["officer"], "at": at})
        if step in ("reviewed", "approved", "returned"):
            rows.append({"sheet_id": sheet_id, "criterion": code, "stage": "head", "score": head,
                         "note": rng.choice(REASONS) if head < own else "",
                         "user_id": users["head"], "at": at})
        if step in ("approved", "not_submitted"):
            final = head if step == "approved" else top - 1
            rows.append({"sheet_id": sheet_id, "criterion": code, "stage": "final",
                         "score": final, "note": "", "user_id": users["leader"], "at": at})
    return rows


def insert_assessments(session, rng, officers, period: str, users: dict[str, int], *,
                       zone: str, received: dict[int, int],
                       deadline: datetime | None) -> None:
    """Insert a month's assigned numbers and sheets.

    With a ``deadline`` the month is the last ended one: its self-assessments are open until
    then and its officers stand at every step; otherwise every sheet is approved.
    """
    last = deadline is not None
    session.execute(insert(TaskAssignment.__table__), [
        {"officer_id": o.id, "period": period, "source": "console", "note": "",
         "assigned": max(1, round(received.get(o.id, 100) * rng.uniform(0.95, 1.1))),
         "worked_percent": 100 if rng.random() < 0.9 else rng.choice((50, 75)),
         "updated_at": utcnow(), "updated_by_id": users["leader"]} for o in officers])
    year, month = (int(part) for part in period.split("-"))
    at = datetime.combine(date(year, month, 28), time(9), tzinfo=ZoneInfo(zone))
    for index, officer in enumerate(officers):
        step = STEPS[index] if last and index < len(STEPS) else "approved"
        if step == "none":
            continue
        sheet = EvaluationSheet(
            officer_id=officer.id, period=period, status=step, updated_at=at,
            submitted_at=None if step in ("draft", "not_submitted") else at,
            reviewed_at=at if step in ("reviewed", "approved") else None,
            reviewed_by_id=users["head"] if step in ("reviewed", "approved") else None,
            approved_at=at if step in ("approved", "not_submitted") else None,
            approved_by_id=users["leader"] if step in ("approved", "not_submitted") else None,
            returned_reason="Đề nghị bổ sung minh chứng cho tiêu chí A3"
            if step == "returned" else "")
        session.add(sheet)
        session.flush()
        session.execute(insert(EvaluationScore.__table__), _scores(
            rng, sheet.id, step, users | {"officer": None}, at))
    if last:
        session.add(EvaluationMonth(period=period, status="open", assessment_opened_at=at,
                                    assessment_opened_by_id=users["leader"],
                                    assessment_deadline=deadline))
    session.flush()


def demo_deadline(today: date, zone: str) -> datetime:
    """Return the demo's self-assessment deadline: the end of the day a week from today."""
    return datetime.combine(today + timedelta(days=8), time(0), tzinfo=ZoneInfo(zone))
