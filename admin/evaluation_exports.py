"""Downloads of the evaluation export for the province's software: CSV and XLSX, per officer
per period (a month, a quarter) or for the year."""

from flask import abort, render_template, request

from admin.auth import require_roles
from admin.blueprint import bp
from admin.evaluation_support import department_scope, may, requested_month, zone
from admin.report_files import export_files
from evaluation import PeriodError
from models.engine import restart_as_write
from models.queries.evaluation_export import evaluations_document
from models.queries.rubrics import NoRubricInForce
from web.audit import audit
from web.db import get_session

READERS = ("leader", "hr", "liaison")
MIMETYPES = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


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
