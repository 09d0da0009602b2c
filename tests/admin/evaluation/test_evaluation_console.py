"""The rubric console and the monthly inputs forms: validation, audit, refusals."""

import io
import json
from datetime import date

import pytest
from sqlalchemy import select

from admin.evaluation.rubric_problems import PROBLEM_MESSAGES
from evaluation.rubric import PROBLEM_CODES
from models import (
    AuditEntry,
    BreachEntry,
    DisciplineDecision,
    DossierStat,
    EvaluationMonth,
    LeaderAssessment,
    RubricVersion,
)
from tests.monthdata import with_rubric


def text(response) -> str:
    return response.get_data(as_text=True)


def last_action(db) -> str:
    db.rollback()
    return db.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()))


@pytest.fixture
def rubric(db):
    with_rubric(db)
    db.commit()
    return db.scalar(select(RubricVersion))


def test_every_rubric_problem_code_has_a_vietnamese_message():
    assert set(PROBLEM_MESSAGES) == set(PROBLEM_CODES)


def test_a_leader_clones_edits_and_activates_a_rubric_with_audit(client, login, db, rubric):
    login("leader")
    response = client.post(f"/admin/rubrics/{rubric.id}/clone")
    draft_id = int(response.headers["Location"].split("/")[-2])
    assert last_action(db) == "rubric.create"
    draft = db.get(RubricVersion, draft_id)
    document = dict(draft.document, description="Theo QĐ 180 sửa đổi")
    saved = client.post(f"/admin/rubrics/{draft_id}/edit",
                        data={"document": json.dumps(document, ensure_ascii=False),
                              "save": "1"})
    assert saved.status_code == 302
    assert last_action(db) == "rubric.update"
    activated = client.post(f"/admin/rubrics/{draft_id}/activate",
                            data={"effective_from": "2026-12-01"})
    assert activated.status_code == 302
    assert last_action(db) == "rubric.activate"
    draft = db.get(RubricVersion, draft_id)
    assert (draft.status, draft.effective_from) == ("active", date(2026, 12, 1))
    assert draft.document["description"] == "Theo QĐ 180 sửa đổi"


def test_a_rubric_with_problems_is_shown_each_problem_in_vietnamese_and_not_saved(
        client, login, db, rubric):
    login("leader")
    draft_id = int(client.post(f"/admin/rubrics/{rubric.id}/clone")
                   .headers["Location"].split("/")[-2])
    document = json.loads(json.dumps(rubric.document))
    document["criteria"][3]["params"]["target"] = 90
    document["criteria"][0]["kind"] = "eval"
    response = client.post(f"/admin/rubrics/{draft_id}/edit",
                           data={"document": json.dumps(document), "save": "1"})
    body = text(response)
    assert response.status_code == 200
    assert "có 2 lỗi cần sửa" in body
    assert "tiêu chí thứ 4 (B1) › params › target" in body
    assert "ghi 0.9, không ghi 90" in body and "Loại tiêu chí không hợp lệ" in body
    db.rollback()
    assert db.get(RubricVersion, draft_id).document["criteria"][3]["params"]["target"] == 0.9


def test_checking_a_rubric_does_not_save_it(client, login, db, rubric):
    login("leader")
    draft_id = int(client.post(f"/admin/rubrics/{rubric.id}/clone")
                   .headers["Location"].split("/")[-2])
    document = dict(rubric.document, version=2, description="chỉ kiểm tra")
    body = text(client.post(f"/admin/rubrics/{draft_id}/edit",
                            data={"document": json.dumps(document), "check": "1"}))
    assert "Bộ tiêu chí hợp lệ" in body
    assert "không phải JSON hợp lệ" in text(client.post(
        f"/admin/rubrics/{draft_id}/edit", data={"document": "{", "check": "1"}))
    db.rollback()
    assert db.get(RubricVersion, draft_id).document.get("description") != "chỉ kiểm tra"


def test_an_active_rubric_is_not_edited_in_place(client, login, rubric):
    login("leader")
    response = client.get(f"/admin/rubrics/{rubric.id}/edit", follow_redirects=True)
    assert "Chỉ sửa được bản nháp" in text(response)


def test_the_rubric_view_shows_the_criteria_as_tables(client, login, rubric):
    login("hr")
    body = text(client.get(f"/admin/rubrics/{rubric.id}"))
    assert "Mức độ hài lòng của người dân" in body and "rating_share" in body
    assert "Sao chép thành bản nháp mới" not in body


def test_dossiers_upload_in_the_console_and_errors_come_by_row(client, login, db,
                                                               make_officer, rubric):
    officer = make_officer(code="CB0001")
    db.commit()
    login("leader")
    bad = b"officer_code,received,early,on_time,late,digitised\nCB0001,10,x,1,1,1\nZZ,1,1,1,1,1\n"
    response = client.post("/admin/inputs/dossiers", data={
        "month": "2026-10", "file": (io.BytesIO(bad), "thong-ke.csv")},
        content_type="multipart/form-data")
    body = text(response)
    assert response.status_code == 400
    assert "Dòng 2: Cột early phải là số nguyên" in body and "Dòng 3" not in body
    good = b"officer_code,received,early,on_time,late,digitised\nCB0001,10,5,4,1,9\n"
    response = client.post("/admin/inputs/dossiers", data={
        "month": "2026-10", "file": (io.BytesIO(good), "thong-ke.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert last_action(db) == "dossiers.import"
    assert db.scalar(select(DossierStat.officer_id)) == officer.id


def test_breaches_discipline_and_the_leader_score_are_entered_and_audited(
        client, login, db, make_officer, rubric):
    officer = make_officer()
    db.commit()
    login("leader")
    base = f"/admin/inputs/officers/{officer.id}"
    client.post(f"{base}/breaches?month=2026-10",
                data={"occurred_on": "2026-10-05", "kind": "Đi muộn", "deduction": ""})
    assert last_action(db) == "breach.create"
    client.post(f"{base}/discipline?month=2026-10",
                data={"decided_on": "2026-10-20", "kind": "Khiển trách", "reference": "1/QĐ"})
    assert last_action(db) == "discipline.create"
    client.post(f"{base}/leader-score", data={"month": "2026-10", "score": "8.5"})
    assert last_action(db) == "leader_score.set"
    assert db.scalar(select(LeaderAssessment.score)) == 8.5
    page = text(client.get(f"{base}?month=2026-10"))
    assert "Đi muộn" in page and "Khiển trách" in page
    breach = db.scalar(select(BreachEntry))
    client.post(f"/admin/inputs/breaches/{breach.id}/delete")
    assert last_action(db) == "breach.delete"
    decision = db.scalar(select(DisciplineDecision))
    client.post(f"/admin/inputs/discipline/{decision.id}/delete")
    assert last_action(db) == "discipline.delete"
    assert db.scalar(select(BreachEntry)) is None


def test_a_closed_month_refuses_input_changes_in_the_console(client, login, db, make_officer,
                                                             rubric):
    officer = make_officer()
    db.add(EvaluationMonth(period="2026-10", status="closed", snapshot={}))
    db.commit()
    login("leader")
    response = client.post(f"/admin/inputs/officers/{officer.id}/leader-score",
                           data={"month": "2026-10", "score": "9"}, follow_redirects=True)
    assert "Tháng này đã khóa" in text(response)
    assert db.scalar(select(LeaderAssessment)) is None


def test_a_leader_score_above_the_criterion_is_refused(client, login, db, make_officer,
                                                       rubric):
    officer = make_officer()
    db.commit()
    login("leader")
    response = client.post(f"/admin/inputs/officers/{officer.id}/leader-score",
                           data={"month": "2026-10", "score": "11"}, follow_redirects=True)
    assert "nằm ngoài khung điểm" in text(response)
    assert db.scalar(select(LeaderAssessment)) is None
