"""The monthly ranking and the annual roll-up pages; both read compute_month's results."""

from flask import abort, render_template, request
from flask_babel import lazy_gettext as _l

from admin.common.nav import add_nav
from admin.common.periods import requested_month, zone
from admin.evaluation.labels import MONTH_STATUS
from admin.evaluation.officer_filters import filter_choices
from admin.people.auth import require_roles
from admin.people.scope import can, department_scope
from evaluation.report import raw_satisfaction
from models.queries.month import compute_month
from models.queries.month_lists import flag_summary
from models.queries.month_selection import Selection, selected_officers
from models.queries.paging import Page
from models.queries.rubrics import NoRubricInForce
from web.db import get_session

add_nav("admin.ranking", _l("Monthly ranking"), ("leader", "hr", "liaison"), order=20)
add_nav("admin.annual", _l("Annual results"), ("leader", "hr", "liaison"), order=24)


#: Officers per page when every site is listed at once (a province has about a thousand).
RANKING_PAGE_SIZE = 100
ALL_SITES = "all"


def _ranking_site(sites) -> int | None:
    """Return the site to list; None lists every site.

    Policy: with no site asked for (or ``?site=all``) every site the person may see is
    listed, page by page, so the page and its downloads cover the same officers.
    """
    asked = request.args.get("site", "")
    if not asked or asked == ALL_SITES:
        return None
    try:
        return int(asked)
    except ValueError:
        abort(400)


@require_roles("leader", "hr", "liaison")
def ranking():
    """Show a month's scores, grades and ranks, one site (or one page) at a time."""
    month = requested_month()
    try:
        report = compute_month(get_session(), month, zone=zone())
    except NoRubricInForce:
        return render_template("evaluation/no_rubric.html", period=str(month),
                               can_edit_rubrics=can("leader", "hr"))
    scope = department_scope()
    sites, departments = filter_choices(report.result.officers, scope)
    site_id = _ranking_site(sites)
    department_id = request.args.get("department", type=int)
    selection = Selection(site_id, department_id, None if scope is None else frozenset(scope))
    rows = selected_officers(report, selection)
    page = _page_of(rows, request.args.get("page", 1, type=int))
    return render_template(
        "evaluation/ranking.html", report=report, rows=page.items, page=page, sites=sites,
        departments=departments, site_id=site_id, department_id=department_id,
        all_sites=ALL_SITES, flag_counts=flag_summary(report.flags),
        raw_rates={o.officer_id: raw_satisfaction(report, o.officer_id) for o in page.items},
        criteria=report.rubric.rubric.criteria, status_label=MONTH_STATUS[report.status],
        grade_labels={t.grade: t for t in report.rubric.rubric.grades},
        can_see_month=can("leader", "hr"), can_see_rubric=can("leader", "hr"),
        download_args={key: value for key, value in (
            ("month", report.period), ("site", site_id), ("department", department_id))
            if value is not None},
    )


def _page_of(rows: list, number: int) -> Page:
    pages = max(1, -(-len(rows) // RANKING_PAGE_SIZE))
    number = min(max(1, number), pages)
    start = (number - 1) * RANKING_PAGE_SIZE
    return Page(rows[start:start + RANKING_PAGE_SIZE], number, pages, len(rows))
