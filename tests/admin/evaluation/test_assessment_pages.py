"""The workflow pages: an officer hands in, the head reviews, the leader approves; refusals
come back as Vietnamese messages, every step is audited, and nothing is half-saved."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models import (
    AuditEntry,
    DepartmentHead,
    DossierStat,
    EvaluationScore,
    EvaluationSheet,
    TaskAssignment,
)
from models.ops.assessment import open_assessment
from tests.factories import PASSWORD
from tests.monthdata import with_decree_rubric

PERIOD = "2026-11"
SCORES = {"score_A1": "9", "text_A1": "Chấp hành tốt", "score_A2": "14",
          "text_A2": "Phục vụ tận tình", "score_A3": "4", "text_A3": "Đề xuất cải tiến"}


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def centre(db, make_officer, make_department, make_user, app):
    department = make_department(name="Sở Tư pháp")
    officer = make_officer(department=department, full_name="Nguyễn Thị Hoa")
    with_decree_rubric(db)
    accounts = {"officer": make_user("officer", officer_id=officer.id),
                "head": make_user("liaison"), "leader": make_user("leader"),
                "other": make_user("officer")}
    db.add(DepartmentHead(department_id=department.id, user_id=accounts["head"].id))
    db.add(DossierStat(officer_id=officer.id, period=PERIOD, received=100, resolved_early=60,
                       resolved_on_time=36, resolved_late=4, digitised=100))
    db.add(TaskAssignment(officer_id=officer.id, period=PERIOD, assigned=100))
    open_assessment(db, PERIOD, deadline=datetime(2099, 1, 1, tzinfo=UTC), user_id=None)
    db.commit()
    return {"officer_id": officer.id, **accounts}


def sign_in(client, user):
    client.post("/admin/logout")
    response = client.post("/admin/login", data={"username": user.username,
                                                 "password": PASSWORD})
    assert response.status_code == 302


def sheet_url(centre, step=""):
    base = f"/admin/assessment/{PERIOD}/officers/{centre['officer_id']}"
    return f"{base}/{step}" if step else base


def actions(db) -> list[str]:
    db.rollback()
    return list(db.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("assessment.%")).order_by(AuditEntry.id)))


def test_an_officer_hands_in_the_head_reviews_and_the_leader_approves(client, db, centre):
    sign_in(client, centre["officer"])
    page = client.get(sheet_url(centre))
    assert page.status_code == 200 and 'id="self-form"' in text(page)
    handed = client.post(sheet_url(centre, "self"), data={**SCORES, "action": "submit"},
                         follow_redirects=True)
    assert "Đã nộp tự đánh giá" in text(handed) or "handed in" in text(handed)
    sign_in(client, centre["head"])
    board = client.get(f"/admin/assessment?period={PERIOD}")
    assert "Nguyễn Thị Hoa" in text(board)
    lower = {**SCORES, "score_A2": "13", "text_A2": ""}
    refused = client.post(sheet_url(centre, "review"), data=lower, follow_redirects=True)
    assert "lý do" in text(refused)
    assert client.post(sheet_url(centre, "review"),
                       data={**lower, "text_A2": "Còn phiếu không hài lòng"}).status_code == 302
    sign_in(client, centre["leader"])
    page = text(client.get(sheet_url(centre)))
    assert 'id="approve-form"' in page and "Còn phiếu không hài lòng" in page
    client.post(sheet_url(centre, "approve"), data={**SCORES, "score_A2": "13", "text_A2": ""})
    db.rollback()
    sheet = db.scalar(select(EvaluationSheet))
    assert sheet.status == "approved"
    assert actions(db) == ["assessment.submit", "assessment.review", "assessment.approve"]


def test_another_officer_cannot_see_or_write_the_sheet(client, db, centre):
    sign_in(client, centre["other"])
    assert client.get(sheet_url(centre)).status_code == 404
    assert client.post(sheet_url(centre, "self"), data=SCORES).status_code == 404
    assert db.scalar(select(EvaluationSheet)) is None


def test_a_score_out_of_range_is_refused_in_vietnamese_and_nothing_is_saved(client, db, centre):
    sign_in(client, centre["officer"])
    response = client.post(sheet_url(centre, "self"),
                           data={**SCORES, "score_A1": "11", "action": "submit"},
                           follow_redirects=True)
    assert "Điểm mỗi tiêu chí phải từ 0 đến điểm tối đa" in text(response)
    db.rollback()
    assert db.scalar(select(EvaluationScore)) is None
    garbage = client.post(sheet_url(centre, "self"),
                          data={**SCORES, "score_A1": "chín", "action": "submit"},
                          follow_redirects=True)
    assert garbage.status_code == 200 and db.scalar(select(EvaluationScore)) is None


def test_the_leader_cannot_approve_before_the_review(client, db, centre):
    sign_in(client, centre["officer"])
    client.post(sheet_url(centre, "self"), data={**SCORES, "action": "submit"})
    sign_in(client, centre["leader"])
    response = client.post(sheet_url(centre, "approve"), data=SCORES, follow_redirects=True)
    assert "Phiếu không ở bước này" in text(response)
    db.rollback()
    assert db.scalar(select(EvaluationSheet)).status == "submitted"


def test_closing_a_period_with_unapproved_officers_says_who_is_waiting(client, db, centre):
    sign_in(client, centre["leader"])
    response = client.post(f"/admin/months/{PERIOD}/close", follow_redirects=True)
    page = text(response)
    assert "chưa được phê duyệt" in page and "Nguyễn Thị Hoa" in page


def test_the_board_lists_steps_and_the_leader_opens_the_next_period(client, db, centre):
    sign_in(client, centre["leader"])
    page = text(client.get(f"/admin/assessment?period={PERIOD}"))
    assert "Chưa bắt đầu" in page
    opened = client.post("/admin/assessment/open?period=2026-12",
                         data={"deadline": "2027-01-05"}, follow_redirects=True)
    assert "05/01/2027" in text(opened)
    assert actions(db)[-1] == "assessment.open"
    past = client.post("/admin/assessment/open?period=2026-12", data={"deadline": "2020-01-05"},
                       follow_redirects=True)
    assert "trong tương lai" in text(past)


def test_the_home_page_tells_each_person_what_waits_for_them(client, db, centre):
    from evaluation import month_of_instant
    from evaluation.periods import previous_month

    latest = str(previous_month(month_of_instant(datetime.now(UTC), "Asia/Ho_Chi_Minh")))
    open_assessment(db, latest, deadline=datetime(2099, 1, 1, tzinfo=UTC), user_id=None)
    db.commit()
    sign_in(client, centre["officer"])
    page = text(client.get("/admin/"))
    assert "Phiếu của đồng chí" in page and "Chưa bắt đầu" in page
    client.post(f"/admin/assessment/{latest}/officers/{centre['officer_id']}/self",
                data={**SCORES, "action": "submit"})
    sign_in(client, centre["head"])
    assert "1 phiếu đang chờ đồng chí đánh giá" in text(client.get("/admin/"))


def test_a_leader_ends_self_assessment_early_then_marks_who_did_not_hand_in(client, db, centre):
    sign_in(client, centre["leader"])
    assert 'id="not-submitted-form"' not in text(client.get(sheet_url(centre)))
    client.post(f"/admin/assessment/end?period={PERIOD}")
    assert actions(db)[-1] == "assessment.end"
    page = text(client.get(sheet_url(centre)))
    assert 'id="not-submitted-form"' in page
    client.post(sheet_url(centre, "not-submitted"), data=SCORES)
    db.rollback()
    assert db.scalar(select(EvaluationSheet)).status == "not_submitted"
    sign_in(client, centre["officer"])
    refused = client.post(sheet_url(centre, "self"), data={**SCORES, "action": "submit"},
                          follow_redirects=True)
    assert "Kỳ đánh giá" in text(refused) or "hết hạn" in text(refused)
