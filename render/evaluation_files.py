"""The evaluation export as files: CSV (UTF-8, machine keys) and XLSX (Vietnamese headers)."""

import csv
import io
from collections.abc import Callable, Sequence

from openpyxl import Workbook

from render.xlsx_cells import add_row, add_sheet, count_rows, save_book

#: Fields the CSV and XLSX files of a year carry, in order: key, Vietnamese label.
YEAR_COLUMNS = (("year", "Năm"), ("officer_code", "Mã cán bộ"), ("full_name", "Họ và tên"),
                ("site", "Điểm phục vụ"), ("department", "Đơn vị"),
                ("periods", "Các kỳ được tính"), ("period_totals", "Điểm từng kỳ"),
                ("weights", "Trọng số (số tháng × tỷ lệ thời gian công tác)"),
                ("mean_total", "Điểm bình quân (đầy đủ)"), ("mean_total_rounded", "Điểm bình quân"),
                ("threshold_grade", "Xếp loại theo điểm"), ("grade", "Xếp loại"),
                ("grade_changes", "Điều chỉnh xếp loại"),
                ("graded_at", "Ngày xếp loại năm"),
                ("not_counted", "Tháng chưa khóa khi xếp loại (không tính, không phải 0 điểm)"),
                ("graded_late", "Xếp loại sau hạn"), ("late_reason", "Lý do xếp loại sau hạn"))


def _cell(value):
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return value


def year_rows(document: dict) -> list[dict]:
    """Return one flat row per officer of a year document, with the year's grading."""
    grading = document.get("grading") or {}
    graded = {"graded_at": grading.get("graded_at"),
              "not_counted": _cell(grading.get("not_counted")),
              "graded_late": ("có" if grading.get("late") else "không") if grading else None,
              "late_reason": grading.get("late_reason")}
    return [{"year": document["period"],
             **{key: _cell(officer[key]) for key, _ in YEAR_COLUMNS[1:] if key in officer},
             "grade_changes": "; ".join(c["reason"] for c in officer["grade_changes"]),
             **graded}
            for officer in document["officers"]]


def csv_bytes(columns: Sequence[tuple[str, str]], rows: Sequence[dict],
              progress: Callable[[int, int], None] | None = None) -> bytes:
    """Return rows as CSV: UTF-8 with a byte-order mark (Excel opens it), machine keys.

    ``progress``, when given, is called as ``progress(written, total)`` with the rows written.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([key for key, _ in columns])
    if progress is not None:
        progress(0, len(rows))
    for written, row in enumerate(rows, start=1):
        writer.writerow(["" if row.get(key) is None else row.get(key) for key, _ in columns])
        if progress is not None:
            progress(written, len(rows))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(columns: Sequence[tuple[str, str]], rows: Sequence[dict], title: str,
               notes: Sequence[tuple[str, str]] = (),
               progress: Callable[[int, int], None] | None = None) -> bytes:
    """Return rows as a workbook: a sheet with Vietnamese headers, one mapping them to keys.

    ``progress``, when given, is called as ``progress(written, total)`` with the rows of
    the results sheet written so far.
    """
    book = Workbook(write_only=True)
    counter = count_rows(book, progress, len(rows))
    sheet = add_sheet(book, "Kết quả", [(label, 14) for _, label in columns], freeze="C2")
    count_rows(book, None, 0)
    for row in rows:
        add_row(sheet, [(row.get(key), None) for key, _ in columns])
    if counter is not None:
        counter.finish()
    fields = add_sheet(book, "Trường dữ liệu", [("Cột", 40), ("Khóa (CSV, API)", 40)], "A2")
    for key, label in columns:
        add_row(fields, [(label, None), (key, None)])
    about = add_sheet(book, "Thông tin", [("Mục", 24), ("Nội dung", 100)], "A2")
    for label, text in (("Báo cáo", title), *notes):
        add_row(about, [(label, None), (text, None)])
    return save_book(book)
