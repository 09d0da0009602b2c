"""The monthly ranking printout: the administrative frame, the engine's numbers, the annex."""

import dataclasses
import re
import unicodedata
from datetime import date

from admin.evaluation.report_files import ranking_file
from models import LeaderAssessment, Setting
from models.engine import begin_write
from models.ops.months import close_month
from models.queries.month import compute_month
from models.queries.month_selection import Selection, selected_officers
from models.queries.settings import load_organisation
from render.printed_points import printed_points
from render.ranking_pdf import RankingPrint, monthly_ranking_pdf
from tests.monthdata import AFTER_OCTOBER, ZONE
from tests.reports.pdfs import dark_pixels, pdf_pages, pdf_text, printed


def _ranking(db, app, selection=None) -> tuple[str, object]:
    report = compute_month(db, "2026-10", zone=ZONE)
    built = ranking_file(db, report, selection or Selection(), app.config, "pdf")
    return pdf_text(built.data), report


def test_the_ranking_prints_the_administrative_frame_and_every_officer(app, db, october):
    text, _report = _ranking(db, app)
    for expected in ("UBND TỈNH BẮC NINH", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "BẢNG TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CÔNG CHỨC MỘT CỬA",
                     "THÁNG 10/2026", "STT", "Họ và tên, chức vụ", "Đơn vị", "Số phiếu",
                     "Tỷ lệ hài lòng", "Thực tế", "Điều chỉnh", "Tổng điểm", "Xếp loại",
                     "Xếp hạng", "NGƯỜI LẬP BIỂU", "GIÁM ĐỐC", "Nơi nhận:", "DỰ THẢO",
                     "Nguyễn Thị Hồng Nhung", "Đặng Thị Ngọc Ánh", "Trần Văn Bình",
                     "Sở Tài nguyên và Môi trường", "I. Trung tâm Phục vụ hành chính công tỉnh"):
        assert expected in text, expected


def test_every_number_printed_is_the_engines(app, db, october):
    text, report = _ranking(db, app)
    grades = {t.grade: t.label_vi for t in report.rubric.rubric.grades}
    for officer in report.result.officers:
        satisfaction = next(c for c in officer.criteria if c.code == "A1")
        row = [printed(officer.total_rounded), printed(satisfaction.raw_rate, "share"),
               printed(officer.adjusted_satisfaction, "share"), grades[officer.grade],
               *[p for p, c in zip(printed_points(officer), officer.criteria, strict=True)
                 if c.applicable]]
        for value in row:
            assert value in text, (officer.full_name, value)
    assert "97,09" in text and "95,37" in text and "42,86" in text  # the engine's totals


def test_the_method_note_names_the_rubric_and_the_adjustment(app, db, october):
    text, report = _ranking(db, app)
    assert f"Bộ tiêu chí: {report.rubric.name}, phiên bản {report.rubric.version}" in text
    assert "(k + m·p0) / (n + m)" in text and "m = 10" in text
    assert "Tỷ lệ chung (p0) của Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh: hài lòng " \
           "90,00%" in text


def test_the_annex_lists_excluded_and_contested_ratings(app, db, october):
    pages = pdf_pages(ranking_file(db, compute_month(db, "2026-10", zone=ZONE), Selection(),
                                   app.config, "pdf").data)
    annex = " ".join(page for page in pages if "PHỤ LỤC" in page)
    assert "Phiếu thử nghiệm máy tính bảng" in annex and "Lê Văn Lãnh" in annex
    assert "lanhdao" not in annex  # people, not log-ins
    assert "Người dân đánh giá nhầm quầy" in annex and "Chờ xử lý" in annex
    assert "06/10/2026 16:00" in annex  # rated at, local time


def test_the_names_in_the_heading_and_signatures_come_from_the_settings(app, db, october):
    for key, value in (("org.issuing_body", "UBND TỈNH THỬ NGHIỆM"),
                       ("org.director_name", "Hoàng Văn Giám"),
                       ("org.preparer_name", "Phạm Thị Lập"),
                       ("org.director_title", "Q. GIÁM ĐỐC"), ("org.place", "Từ Sơn")):
        db.add(Setting(key=key, value=value))
    db.commit()
    text, _report = _ranking(db, app)
    for expected in ("UBND TỈNH THỬ NGHIỆM", "Hoàng Văn Giám", "Phạm Thị Lập", "Q. GIÁM ĐỐC",
                     "Từ Sơn, ngày"):
        assert expected in text
    assert "UBND TỈNH BẮC NINH" not in text


def test_a_department_listing_ranks_within_the_department(app, db, october):
    text, _report = _ranking(db, app, Selection(department_id=october.justice.id))
    assert "Đơn vị: Sở Tư pháp" in text and "Đặng Thị Ngọc Ánh" not in text
    assert re.search(r"1 Nguyễn Thị Hồng Nhung .*? Hoàn thành xuất sắc nhiệm vụ 1 "
                     r"2 Trần Văn Bình .*? Không hoàn thành nhiệm vụ 2 ", text)
    assert "I. Trung tâm" not in text  # one list for the department, across its sites


def test_a_closed_month_prints_its_snapshot_without_the_draft_mark(app, db, october):
    begin_write(db)
    close_month(db, "2026-10", zone=ZONE, now=AFTER_OCTOBER)
    db.commit()
    assessment = db.query(LeaderAssessment).one()
    assessment.score = 2
    db.commit()
    text, report = _ranking(db, app)
    assert report.frozen and "DỰ THẢO" not in text
    assert "Số liệu đã chốt khi khóa tháng" in text and "97,09" in text


def test_decomposed_text_prints_the_same_as_composed(app, db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    officers = selected_officers(report, Selection())
    organisation = load_organisation(db, app.config)

    def build(form: str) -> str:
        renamed = [dataclasses.replace(o, full_name=unicodedata.normalize(form, o.full_name),
                                       department_name=unicodedata.normalize(
                                           form, o.department_name)) for o in officers]
        org = dataclasses.replace(organisation, issuing_body=unicodedata.normalize(
            form, "UBND TỈNH BẮC NINH"))
        return pdf_text(monthly_ranking_pdf(RankingPrint(report, renamed, "site", org,
                                                         date(2026, 11, 2))))

    composed, decomposed = build("NFC"), build("NFD")
    assert "Nguyễn Thị Hồng Nhung" in composed and composed == decomposed


def test_a_long_ranking_repeats_its_header_rows_on_every_page(app, db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    many = [dataclasses.replace(o, officer_id=o.officer_id * 1000 + i)
            for i in range(25) for o in report.result.officers if o.site_id == october.ward.id]
    pdf = monthly_ranking_pdf(RankingPrint(report, many, "site",
                                           load_organisation(db, app.config), date(2026, 11, 2)))
    pages = pdf_pages(pdf)
    table_pages = [page for page in pages if "Trần Văn Bình" in page]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "Họ và tên" in page and "Điều chỉnh" in page
    assert not any("Trang" in page for page in pages)  # numbers: tests/reports/decree_layout.py


def test_the_first_page_renders_to_an_image_that_is_not_blank(app, db, october, tmp_path):
    built = ranking_file(db, compute_month(db, "2026-10", zone=ZONE), Selection(), app.config,
                         "pdf")
    assert dark_pixels(built.data, tmp_path) > 500
