"""Downloads of the evaluation export for the province's software: CSV and XLSX, per officer
per period (a month, a quarter) or for the year."""

from flask import abort, render_template, request

from admin.auth import require_roles
from admin.blueprint import bp
from admin.evaluation_support import department_scope, may, requested_month, zone
from evaluation import PeriodError
from models.engine import restart_as_write
from models.queries.evaluation_export import evaluations_document, flat_columns, flat_rows
from models.queries.rubrics import NoRubricInForce
from web.audit import audit
from web.db import get_session

READERS = ("leader", "hr", "liaison")
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_files(document: dict, kind: str) -> bytes:
    """Return the export document as a CSV or XLSX file."""
    # openpyxl loads on the first export, not at start-up.
    from render.evaluation_files import YEAR_COLUMNS, csv_bytes, xlsx_bytes, year_rows

    if document["kind"] == "year":
        columns, rows = list(YEAR_COLUMNS), year_rows(document)
    else:
        columns, rows = flat_columns(document), flat_rows(document)
    if kind == "csv":
        return csv_bytes(columns, rows)
    state = "đã khóa" if document.get("frozen") else "dự thảo (chưa khóa)"
    if document["kind"] == "year":
        state = year_state(document.get("grading"))
    notes = [("Kỳ", document["period"]), ("Trạng thái", state),
             ("Bộ tiêu chí", f"{document['rubric']['name']} v{document['rubric']['version']}"
              if document["rubric"] else "—"), ("Định dạng", document["format"])]
    return xlsx_bytes(columns, rows, "Kết quả đánh giá, xếp loại công chức", notes)


def year_state(grading: dict | None) -> str:
    """Return the year's state for the workbook: draft, or graded (late, with the reason)."""
    if grading is None:
        return "dự thảo (chưa xếp loại năm), từ các kỳ đã khóa"
    text = f"đã xếp loại năm lúc {grading['graded_at']} (UTC)"
    if grading["not_counted"]:
        text += (f"; các tháng chưa khóa không tính (không phải 0 điểm): "
                 f"{', '.join(grading['not_counted'])}")
    if grading["late"]:
        text += f"; xếp loại sau hạn {grading['deadline']}, lý do: {grading['late_reason']}"
    if grading["reopened_since"]:
        text += f"; kỳ mở lại sau khi xếp loại: {', '.join(grading['reopened_since'])}"
    return text


def _download(kind: str):
    period = request.args.get("period", "").strip() or str(requested_month())
    scope = department_scope()
    try:
        document = evaluations_document(
            get_session(), period, zone=zone(),
            admit=lambda o: scope is None or o.department_id in scope)
    except PeriodError:
        abort(400)
    except NoRubricInForce:
        return render_template("admin/evaluation/no_rubric.html", period=period,
                               can_edit_rubrics=may("leader", "hr")), 409
    data = export_files(document, kind)
    filename = f"danh-gia-{document['period']}.{kind}"
    session = get_session()
    restart_as_write(session)
    audit("report.export", "month", document["period"],
          after={"file": filename, "officers": len(document["officers"]),
                 "frozen": document.get("frozen")})
    session.commit()
    return data, 200, {"Content-Type": MIMETYPES[kind], "Cache-Control": "private, no-store",
                       "Content-Disposition": f'attachment; filename="{filename}"'}


@bp.get("/reports/evaluations.csv")
@require_roles(*READERS)
def evaluations_csv():
    """Download the period's (or year's) evaluations as CSV for the province's software."""
    return _download("csv")


@bp.get("/reports/evaluations.xlsx")
@require_roles(*READERS)
def evaluations_xlsx():
    """Download the period's (or year's) evaluations as an Excel workbook."""
    return _download("xlsx")
