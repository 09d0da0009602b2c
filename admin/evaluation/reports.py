"""Downloads of the month's printouts: the ranking (PDF, Excel) and officer sheets (PDF)."""

from flask import abort, current_app, render_template, request
from flask_login import current_user

from admin.common.periods import requested_month, zone
from admin.evaluation.report_files import (
    ReportFile,
    export_details,
    officer_sheet_file,
    ranking_file,
)
from admin.people.auth import require_roles
from admin.people.scope import can, department_scope, visible_officer
from models import Department, Site
from models.queries.month import compute_month
from models.queries.month_selection import Selection
from models.queries.rubrics import NoRubricInForce
from web.audit import audit
from web.db import get_session, write_session

READERS = ("leader", "hr", "liaison")


def requested_selection() -> Selection:
    """Return the ?site= and ?department= filter within the signed-in person's departments.

    An unknown site or department, or a department outside a liaison's, is a 404.
    """
    session = get_session()
    site_id = request.args.get("site", type=int)
    department_id = request.args.get("department", type=int)
    scope = department_scope()
    if site_id is not None and session.get(Site, site_id) is None:
        abort(404)
    if department_id is not None and (session.get(Department, department_id) is None
                                      or (scope is not None and department_id not in scope)):
        abort(404)
    return Selection(site_id, department_id, None if scope is None else frozenset(scope))


def _month_report():
    """Return the requested month's report, or None when no rubric is in force."""
    try:
        return compute_month(get_session(), requested_month(), zone=zone())
    except NoRubricInForce:
        return None


def _no_rubric():
    page = render_template("evaluation/no_rubric.html", period=str(requested_month()),
                           can_edit_rubrics=can("leader", "hr"))
    return page, 409


def _send(built: ReportFile, report, **filters):
    """Record the export in the audit log, then answer with the file as a download."""
    session = write_session()
    audit("report.export", "month", report.period, after=export_details(built, report, **filters))
    session.commit()
    disposition = "inline" if built.mimetype == "application/pdf" else "attachment"
    return built.data, 200, {"Content-Type": built.mimetype, "Cache-Control": "private, no-store",
                             "Content-Disposition": f'{disposition}; filename="{built.filename}"'}


def _ranking(kind: str):
    selection = requested_selection()
    report = _month_report()
    if report is None:
        return _no_rubric()
    built = ranking_file(get_session(), report, selection, current_app.config, kind)
    return _send(built, report, site=selection.site_id, department=selection.department_id)


@require_roles(*READERS)
def ranking_pdf():
    """Download the month's ranking printout (DỰ THẢO while the month is open)."""
    return _ranking("pdf")


@require_roles(*READERS)
def ranking_xlsx():
    """Download the month's ranking and each officer's inputs as an Excel workbook."""
    return _ranking("xlsx")


def _sheet(officer):
    report = _month_report()
    if report is None:
        return _no_rubric()
    try:
        built = officer_sheet_file(get_session(), report, officer, current_app.config)
    except LookupError:
        abort(404)
    return _send(built, report, officer=officer.code)


@require_roles(*READERS)
def officer_sheet_pdf(officer_id: int):
    """Download an officer's monthly sheet as a PDF."""
    return _sheet(visible_officer(officer_id))


@require_roles("officer")
def my_sheet_pdf():
    """Download the signed-in officer's own monthly sheet as a PDF."""
    officer_id = current_user.user.officer_id
    if officer_id is None:
        abort(404)
    return _sheet(visible_officer(officer_id))
