"""Downloads of the evaluation export for the province's software: CSV and XLSX, per officer
per period (a month, a quarter) or for the year."""

from flask import abort, render_template, request

from admin.common.periods import requested_month, zone
from admin.evaluation.report_files import export_files
from admin.people.auth import require_roles
from admin.people.scope import can, department_scope
from evaluation import PeriodError
from models.queries.evaluation_export import evaluations_document
from models.queries.rubrics import NoRubricInForce
from web.audit import audit
from web.db import get_session, write_session

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
        return render_template("evaluation/no_rubric.html", period=period,
                               can_edit_rubrics=can("leader", "hr")), 409
    data = export_files(document, kind)
    filename = f"danh-gia-{document['period']}.{kind}"
    session = write_session()
    audit("report.export", "month", document["period"],
          after={"file": filename, "officers": len(document["officers"]),
                 "frozen": document.get("frozen")})
    session.commit()
    return data, 200, {"Content-Type": MIMETYPES[kind], "Cache-Control": "private, no-store",
                       "Content-Disposition": f'attachment; filename="{filename}"'}


@require_roles(*READERS)
def evaluations_csv():
    """Download the period's (or year's) evaluations as CSV for the province's software."""
    return _download("csv")


@require_roles(*READERS)
def evaluations_xlsx():
    """Download the period's (or year's) evaluations as an Excel workbook."""
    return _download("xlsx")
