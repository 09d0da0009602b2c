"""The ranking and the officer sheet measured against Nghị định 30/2020's layout."""

import dataclasses
from datetime import date

import pytest

from admin.evaluation.report_files import officer_sheet_file, ranking_file
from evaluation.report import Organisation
from models import Setting
from models.queries.month import compute_month
from models.queries.month_selection import Selection
from models.queries.settings import load_organisation
from render.ranking_pdf import RankingPrint, monthly_ranking_pdf
from tests.monthdata import ZONE
from tests.reports.decree_layout import assert_decree_layout


def test_the_ranking_is_laid_out_as_the_decree_says(app, db, october, tmp_path):
    db.add(Setting(key="org.recipients", value="Sở Nội vụ (để b/c);\nLưu: VT."))
    db.commit()
    report = compute_month(db, "2026-10", zone=ZONE)
    pdf = ranking_file(db, report, Selection(), app.config, "pdf").data
    lines = assert_decree_layout(pdf, tmp_path)
    number = next(line for line in lines if line.text.startswith("Số:"))
    assert number.text.replace("\u00a0", " ").split() == ["Số:", "/BC-TTPVHCC"]
    assert number.sizes == {13}
    signer = next(line for line in lines if line.text == "NGƯỜI LẬP BIỂU")
    recipients = [line for line in lines if line.page == signer.page]
    assert {"Nơi nhận:", "- Sở Nội vụ (để b/c);", "- Lưu: VT."} <= {r.text for r in recipients}
    assert any(line.text.startswith("(Kèm theo Bảng tổng hợp số") and "/BC-TTPVHCC ngày"
               in line.text for line in lines)


def test_a_long_ranking_keeps_the_signatures_with_text_and_numbers_its_pages(
        app, db, october, tmp_path):
    report = compute_month(db, "2026-10", zone=ZONE)
    many = [dataclasses.replace(o, officer_id=o.officer_id * 1000 + i)
            for i in range(30) for o in report.result.officers]
    many.sort(key=lambda o: o.site_name)
    pdf = monthly_ranking_pdf(RankingPrint(report, many, "site", load_organisation(
        db, app.config), date(2026, 11, 2)))
    lines = assert_decree_layout(pdf, tmp_path)
    assert max(line.page for line in lines) >= 4
    for page in {line.page for line in lines if "Nguyễn Thị Hồng Nhung" in line.text}:
        on_page = [line.text for line in lines if line.page == page]
        assert "Họ và tên, chức vụ" in on_page  # the header rows repeat
        assert any(text.startswith(("I. ", "II. ")) for text in on_page)  # and the site's


def test_the_officer_sheet_is_laid_out_as_the_decree_says(app, db, october, tmp_path):
    report = compute_month(db, "2026-10", zone=ZONE)
    pdf = officer_sheet_file(db, report, october.nhung, app.config).data
    lines = assert_decree_layout(pdf, tmp_path, signer="NGƯỜI ĐƯỢC ĐÁNH GIÁ")
    heading = [line.text for line in lines if line.page == 1][:6]
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG" in heading or {
        "TRUNG TÂM PHỤC VỤ", "HÀNH CHÍNH CÔNG"} <= set(heading)
    assert not any(line.text == "CÔNG" for line in lines)  # no word left alone


@pytest.mark.parametrize(("typed", "lines"), [
    ("Sở Nội vụ (để b/c);\nLưu: VT.", ["Sở Nội vụ (để b/c);", "Lưu: VT."]),
    ("Sở Nội vụ; Lãnh đạo Trung tâm; Lưu: VT.", ["Sở Nội vụ;", "Lãnh đạo Trung tâm;", "Lưu: VT."]),
    ("  \n", []),
])
def test_recipients_are_printed_one_a_line(typed, lines):
    organisation = Organisation("UBND", "TRUNG TÂM", "Bắc Ninh", "GIÁM ĐỐC", "", "",
                                recipients=typed)
    assert organisation.recipient_lines() == lines
