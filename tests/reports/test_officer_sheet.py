"""The officer's monthly sheet: every criterion with inputs, formula and points; items; comments."""

import pytest

from admin.evaluation.report_files import officer_sheet_file
from models.queries.month import compute_month
from models.queries.officer_details import conduct_items
from tests.monthdata import ZONE
from tests.reports.pdfs import dark_pixels, pdf_text, printed


@pytest.fixture
def sheet(app, db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    return report, pdf_text(officer_sheet_file(db, report, october.nhung, app.config).data)


def test_the_sheet_prints_every_criterion_with_its_formula_and_the_engines_points(sheet):
    report, text = sheet
    officer = report.result.officers[0]
    assert officer.full_name == "Nguyễn Thị Hồng Nhung"
    for expected in ("PHIẾU ĐÁNH GIÁ, XẾP LOẠI CÔNG CHỨC MỘT CỬA", "THÁNG 10/2026",
                     "Nguyễn Thị Hồng Nhung", "CB0101", "Chuyên viên", "Sở Tư pháp",
                     "NGƯỜI ĐƯỢC ĐÁNH GIÁ", "Tỷ lệ phiếu Rất hài lòng và Hài lòng",
                     "đạt từ 90% trở lên được 15,00 điểm", "Lãnh đạo chấm, từ 0 đến 10,00 điểm",
                     "Xếp loại: Hoàn thành xuất sắc nhiệm vụ", "DỰ THẢO"):
        assert expected in text, expected
    for criterion in officer.criteria:
        assert f"{criterion.code}." in text
        assert printed(criterion.points) in text, criterion.code
    a1 = officer.criteria[0]
    assert printed(a1.raw_rate, "share") in text and printed(a1.adjusted_rate, "share") in text
    assert f"TỔNG ĐIỂM {printed(officer.total_rounded)}" in text
    assert "phiếu hài lòng: 5; phiếu được tính: 6" in text


def test_the_conduct_items_add_up_to_the_tally_the_engine_scored(db, october, sheet):
    report, text = sheet
    start, end = report.window
    items = conduct_items(db, october.nhung.id, start, end, include_unverified=False)
    tally = report.officer_inputs(october.nhung.id).conduct
    assert (sum(i.yes for i in items), sum(i.answered for i in items)) == (tally.yes,
                                                                          tally.answered)
    assert [i.label_vi for i in items][:2] == ["Xin chào", "Xin lỗi"]
    xin_chao = items[0]
    assert (xin_chao.answered, xin_chao.yes) == (6, 6)
    assert f"Cộng {tally.answered} {tally.yes} {tally.answered - tally.yes}" in text
    assert "Luôn giúp đỡ 6 4 2 66,67% 33,33%" in text


def test_the_sheet_lists_the_citizens_comments_and_the_ratings_by_level(sheet):
    _report, text = sheet
    assert "Cán bộ hướng dẫn tận tình, dễ hiểu." in text and "Chờ quá lâu" in text
    assert "Rất hài lòng: 4 (66,67%); Hài lòng: 1 (16,67%); Không hài lòng: 1 (16,67%)" in text
    assert "Phiếu chưa xác thực (mã QR tại quầy): 1, trong đó hài lòng 1 (không tính điểm)" in text


def test_a_capped_or_contested_officer_shows_why(app, db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    text = pdf_text(officer_sheet_file(db, report, october.binh, app.config).data)
    assert "Trần Văn Bình" in text and "Người dân đánh giá nhầm quầy" in text
    assert "Phản ánh \"5 không\" được xác nhận: 1" in text


def test_an_officer_not_evaluated_has_no_sheet(app, db, october, make_officer):
    idle = make_officer()
    db.commit()
    with pytest.raises(LookupError):
        officer_sheet_file(db, compute_month(db, "2026-10", zone=ZONE), idle, app.config)


def test_the_sheet_renders_to_an_image_that_is_not_blank(app, db, october, tmp_path):
    report = compute_month(db, "2026-10", zone=ZONE)
    assert dark_pixels(officer_sheet_file(db, report, october.anh, app.config).data,
                       tmp_path) > 500
