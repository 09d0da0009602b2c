"""Printouts and the workbook of a month scored under NĐ 335: each step's scores, the task
results' parts, overrides and the quota, in Vietnamese."""

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook

from admin.evaluation.report_files import officer_sheet_file, ranking_file
from evaluation.report import raw_satisfaction
from models import DisciplineDecision, DossierStat, TaskAssignment, TaskWaiver
from models.ops.assessment import Entry, open_assessment
from models.ops.assessment_steps import approve, review, save_self
from models.queries.month import compute_month
from models.queries.month_selection import Selection
from tests.monthdata import ZONE, local, rate, with_decree_rubric
from tests.reports.pdfs import pdf_text
from tests.reports.test_workbook import assert_rows_reported

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


@pytest.fixture
def november(db, questionnaire, make_officer, make_department, make_user):
    department = make_department(name="Sở Tư pháp")
    hoa = make_officer(department=department, full_name="Nguyễn Thị Hoa", code="CB0201")
    tam = make_officer(department=department, full_name="Lê Văn Tâm", code="CB0202")
    with_decree_rubric(db)
    leader, hoa_user = make_user("leader"), make_user("officer", officer_id=hoa.id)
    for officer in (hoa, tam):
        rate(db, questionnaire, officer, local(2026, 11, 3), 3)
        db.add(DossierStat(officer_id=officer.id, period="2026-11", received=50,
                           resolved_early=30, resolved_on_time=16, resolved_late=4,
                           digitised=50))
        db.add(TaskAssignment(officer_id=officer.id, period="2026-11", assigned=50))
    db.add(TaskWaiver(officer_id=hoa.id, period="2026-11", kind="delay", count=1,
                      reason="Hệ thống một cửa lỗi ngày 12/11"))
    db.add(DisciplineDecision(officer_id=tam.id, period="2026-06", decided_on=date(2026, 6, 3),
                              form="Khiển trách", reference="QĐ 88/QĐ-TTPV"))
    open_assessment(db, "2026-11", deadline=datetime(2026, 12, 5, tzinfo=UTC), user_id=None,
                    now=NOW)
    sheet = save_self(db, hoa.id, "2026-11", {"A1": Entry(10, "Chấp hành tốt"),
                                               "A2": Entry(15), "A3": Entry(5)},
                      user=hoa_user, submit=True, now=NOW)
    sheet = review(db, sheet, {"A1": Entry(9, "Một lần đi muộn"), "A2": Entry(15),
                               "A3": Entry(5)}, user=leader, now=NOW)
    approve(db, sheet, {"A1": Entry(9), "A2": Entry(14, "Còn phiếu chưa hài lòng"),
                        "A3": Entry(5)}, user=leader, now=NOW)
    db.commit()
    return hoa, tam


def test_the_sheet_prints_each_step_s_score_and_the_task_results_parts(app, db, november):
    hoa, _ = november
    report = compute_month(db, "2026-11", zone=ZONE)
    text = pdf_text(officer_sheet_file(db, report, hoa, app.config).data)
    for expected in ("Công chức tự chấm", "Trưởng bộ phận", "Lãnh đạo phê duyệt",
                     "10 — Chấp hành tốt", "9 — Một lần đi muộn", "14 — Còn phiếu chưa hài lòng",
                     "Số lượng: hồ sơ tiếp nhận / số được giao", "lãnh đạo đã phê duyệt",
                     "chậm tiến độ 4 (miễn trừ 1)", "Không áp dụng: Số liệu hồ sơ"):
        assert expected in text, expected


def test_the_ranking_prints_the_override_and_the_unapproved_officers(app, db, november):
    report = compute_month(db, "2026-11", zone=ZONE)
    text = pdf_text(ranking_file(db, report, Selection(), app.config, "pdf").data)
    assert "03/06/2026 Khiển trách QĐ 88/QĐ-TTPV" in text
    assert "Tiêu chí chung chưa được lãnh đạo phê duyệt (1 công chức)" in text
    assert "không vượt quá 20% số được xếp loại Hoàn thành tốt nhiệm vụ" in text


def test_the_workbook_has_a_sheet_of_people_s_scores_and_one_of_task_results(app, db, november):
    report = compute_month(db, "2026-11", zone=ZONE)
    book = load_workbook(io.BytesIO(ranking_file(db, report, Selection(), app.config,
                                                 "xlsx").data), read_only=True)
    people = list(book["Tiêu chí chung"].iter_rows(values_only=True))
    hoa_a2 = next(r for r in people if r[0] == "CB0201" and r[3] == "A2")
    assert hoa_a2[5:11] == (15, None, 15, None, 14, "Còn phiếu chưa hài lòng")
    tasks = list(book["Kết quả nhiệm vụ"].iter_rows(values_only=True))
    progress = next(r for r in tasks if r[0] == "CB0201" and r[3].startswith("Tiến độ"))
    assert progress[4:9] == (50, 50, 4, 1, 0.75)


def test_the_workbook_reports_its_rows_under_the_decree(app, db, november):
    report = compute_month(db, "2026-11", zone=ZONE)
    book = load_workbook(io.BytesIO(ranking_file(db, report, Selection(), app.config,
                                                 "xlsx").data), read_only=True)
    assert {"Tiêu chí chung", "Kết quả nhiệm vụ"} <= set(book.sheetnames)
    assert_rows_reported(app, db, report)


def test_the_raw_satisfaction_is_shown_under_the_decree(client, login, db, november):
    hoa, _tam = november
    report = compute_month(db, "2026-11", zone=ZONE)
    assert raw_satisfaction(report, hoa.id) == 1.0  # one rating, level 3 (Hài lòng)
    login("leader")
    body = client.get("/admin/ranking?month=2026-11").get_data(as_text=True)
    row = body[body.index("Nguyễn Thị Hoa"):].split("</tr>")[0]
    assert "100,00%" in row or "100%" in row
    text = pdf_text(ranking_file(db, report, Selection(), {}, "pdf").data)
    assert "Nguyễn Thị Hoa" in text and "100,00%" in text
