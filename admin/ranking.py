"""The monthly ranking and the annual roll-up pages; both read compute_month's results."""

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l

from admin.auth import require_roles
from admin.blueprint import bp
from admin.evaluation_labels import MONTH_STATUS
from admin.evaluation_support import department_scope, may, requested_month, zone
from admin.nav import add_nav
from models.queries.month import compute_month
from models.queries.rubrics import NoRubricInForce
from models.queries.year import compute_year
from web.db import get_session

add_nav("admin.ranking", _l("Monthly ranking"), ("leader", "hr", "liaison"), order=20)
add_nav("admin.annual", _l("Annual results"), ("leader", "hr", "liaison"), order=24)


def _choices(officers, scope):
    """Return the sites and departments a filter may offer, as sorted (id, name) pairs."""
    visible = [o for o in officers if scope is None or o.department_id in scope]
    sites = sorted({(o.site_id, o.site_name) for o in visible}, key=lambda p: p[1])
    departments = sorted({(o.department_id, o.department_name) for o in visible},
                         key=lambda p: p[1])
    return sites, departments


def _filtered(officers, scope, site_id, department_id):
    return [o for o in officers
            if (scope is None or o.department_id in scope)
            and (site_id is None or o.site_id == site_id)
            and (department_id is None or o.department_id == department_id)]


@bp.get("/ranking")
@require_roles("leader", "hr", "liaison")
def ranking():
    """Show a month's scores, grades and ranks, filtered by site and department."""
    month = requested_month()
    try:
        report = compute_month(get_session(), month, zone=zone())
    except NoRubricInForce:
        return render_template("admin/evaluation/no_rubric.html", period=str(month),
                               can_edit_rubrics=may("leader", "hr"))
    scope = department_scope()
    site_id, department_id = (request.args.get("site", type=int),
                              request.args.get("department", type=int))
    rows = _filtered(report.result.officers, scope, site_id, department_id)
    if department_id is not None:
        rows.sort(key=lambda o: o.position_in_department)
    sites, departments = _choices(report.result.officers, scope)
    return render_template(
        "admin/evaluation/ranking.html", report=report, rows=rows, sites=sites,
        departments=departments, site_id=site_id, department_id=department_id,
        criteria=report.rubric.rubric.criteria, status_label=MONTH_STATUS[report.status],
        grade_labels={t.grade: t for t in report.rubric.rubric.grades},
        can_see_month=may("leader", "hr"), can_see_rubric=may("leader", "hr"),
    )


@bp.get("/annual")
@require_roles("leader", "hr", "liaison")
def annual():
    """Show the annual roll-up of a year's closed months."""
    year = request.args.get("year", type=int) or requested_month().year
    if not 2000 <= year <= 9998:
        abort(400)
    report = compute_year(get_session(), year, zone=zone())
    scope = department_scope()
    site_id, department_id = (request.args.get("site", type=int),
                              request.args.get("department", type=int))
    officers = report.result.officers if report.result else ()
    rows = _filtered(officers, scope, site_id, department_id)
    sites, departments = _choices(officers, scope)
    grade_labels = {t.grade: t for t in report.rubric.rubric.grades} if report.rubric else {}
    return render_template(
        "admin/evaluation/annual.html", report=report, rows=rows, year=year, sites=sites,
        departments=departments, site_id=site_id, department_id=department_id,
        grade_labels=grade_labels)
