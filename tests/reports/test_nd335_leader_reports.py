"""A leader's month printed and exported: the post, the led unit's parts with their pooled
counts, and the leaders' override with its reason — on the sheet, the PDF, the workbook and
the evaluations export."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from admin.evaluation.report_files import officer_sheet_file, ranking_file
from models import DossierStat, TaskAssignment
from models.ops.leadership import add_post
from models.ops.task_inputs import add_degradation
from models.queries.evaluation_export import evaluations_document
from models.queries.month import compute_month
from models.queries.month_selection import Selection
from tests.monthdata import ZONE, local, rate, with_decree_rubric
from tests.reports.pdfs import pdf_text


@pytest.fixture
def unit(db, questionnaire, make_officer, make_department):
    """Sở Tư pháp at one site: Đức heads it and serves at a counter, Hoa does not lead."""
    department = make_department(name="Sở Tư pháp")
    duc = make_officer(department=department, full_name="Lê Minh Đức", code="CB0301")
    hoa = make_officer(department=department, full_name="Nguyễn Thị Hoa", code="CB0302")
    hoa.site_id = duc.site_id
    with_decree_rubric(db)
    for officer, received, late, assigned in ((duc, 40, 4, 50), (hoa, 60, 2, 60)):
        rate(db, questionnaire, officer, local(2026, 11, 3), 3)
        db.add(DossierStat(officer_id=officer.id, period="2026-11", received=received,
                           resolved_early=received - late - 10, resolved_on_time=10,
                           resolved_late=late, digitised=received, quality_failures=0))
        db.add(TaskAssignment(officer_id=officer.id, period="2026-11", assigned=assigned))
    add_post(db, duc.id, unit="department", title="Trưởng bộ phận",
             started_on=date(2026, 2, 1), user_id=None)
    add_degradation(db, duc.id, concluded_on=date(2026, 11, 12), reference="KL 12/KL-TTr",
                    kind="leader_unit_violation", user_id=None)
    db.commit()
    return duc, hoa


def test_the_leader_s_sheet_prints_the_post_the_unit_s_parts_and_the_override(app, db, unit):
    duc, hoa = unit
    report = compute_month(db, "2026-11", zone=ZONE)
    text = pdf_text(officer_sheet_file(db, report, duc, app.config).data)
    for expected in ("Công chức lãnh đạo, quản lý: Trưởng bộ phận, phụ trách Sở Tư pháp",
                     "Số lượng của đơn vị phụ trách", "Tiến độ của đơn vị phụ trách",
                     "tham nhũng, lãng phí", "KL 12/KL-TTr",
                     "12/11/2026 kết luận để xảy ra tham nhũng, lãng phí tại đơn vị"):
        assert expected in " ".join(text.split()), expected
    other = " ".join(pdf_text(officer_sheet_file(db, report, hoa, app.config).data).split())
    # the rubric's wording names the unit's parts; only the leader's sheet lists them
    assert "phụ trách Sở Tư pháp" not in other and "KL 12/KL-TTr" not in other
    assert "suy thoái (KL 12" not in " ".join(text.split())
    mine = " ".join(text.split())
    assert mine.count("của đơn vị phụ trách") > other.count("của đơn vị phụ trách")


def test_the_workbook_lists_the_unit_s_parts_with_the_pooled_counts(app, db, unit):
    report = compute_month(db, "2026-11", zone=ZONE)
    book = load_workbook(io.BytesIO(ranking_file(db, report, Selection(), app.config,
                                                 "xlsx").data), read_only=True)
    rows = list(book["Kết quả nhiệm vụ"].iter_rows(values_only=True))
    quantity = next(r for r in rows if r[0] == "CB0301"
                    and r[3] == "Số lượng của đơn vị phụ trách: hồ sơ tiếp nhận / số được giao")
    assert quantity[4:6] == (100, 110) and quantity[11] == "Sở Tư pháp"
    assert not [r for r in rows if r[0] == "CB0302" and "đơn vị phụ trách" in (r[3] or "")]


def test_the_export_names_the_post_and_marks_the_unit_s_parts(app, db, unit, client, login):
    document = evaluations_document(db, "2026-11", zone=ZONE, admit=lambda o: True)
    found = {o["officer_code"]: o for o in document["officers"]}
    leader, other = found["CB0301"], found["CB0302"]
    assert (leader["leader_post"], leader["leader_unit"]) == ("Trưởng bộ phận", "Sở Tư pháp")
    assert other["leader_post"] is None
    b1 = next(c for c in leader["criteria"] if c["code"] == "B1")
    assert [(s["code"], s["unit"]) for s in b1["sub_rates"]][3:] == [
        ("unit_quantity", True), ("unit_quality", True), ("unit_progress", True)]
    assert b1["inputs"] == {"sub_rates_applied": 6}
    assert "tham nhũng" in leader["overrides"] and leader["grade"] == "khong_hoan_thanh"
    login("leader")
    response = client.get("/admin/reports/evaluations.csv?period=2026-11")
    rows = {r["officer_code"]: r for r in csv.DictReader(
        io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))}
    assert rows["CB0301"]["B1_unit_quantity_numerator"] == "100"
    assert rows["CB0302"]["B1_unit_quantity_numerator"] == ""


def test_the_console_sheet_shows_the_post_and_names_the_unit_s_parts(client, login, db, unit):
    duc, _ = unit
    login("leader")
    page = client.get(f"/admin/ranking/officers/{duc.id}?month=2026-11")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Trưởng bộ phận" in body and "Số lượng của đơn vị phụ trách" in body
