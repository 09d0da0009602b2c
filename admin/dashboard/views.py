"""The leaders' dashboard: a month's satisfaction against the targets, patterns, alerts, plan."""

from datetime import UTC, date, datetime

from babel.dates import format_skeleton
from flask import render_template, request
from flask_babel import format_decimal, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from admin.blueprint import bp
from admin.common.nav import add_nav
from admin.common.periods import requested_calendar_month, zone
from admin.dashboard import panels
from admin.dashboard.data import max_age, month_figures, staff_scope, trend_months
from admin.evaluation.labels import MONTH_STATUS
from admin.people.auth import require_roles
from evaluation import Month, month_of_instant, month_window_utc
from models.queries import dashboard_figures as figures
from models.queries.dashboard import stored_figures
from models.queries.dashboard_workflow import workflow_figures
from models.queries.overview import Scope, alert_counts
from web.db import get_session

READERS = ("leader", "hr", "liaison")
#: The NĐ 335 workflow's steps as the dashboard names them (models.queries.dashboard_workflow).
WORKFLOW_STEPS = {
    "to_hand_in": _l("Not handed in"),
    "waiting_head": _l("Waiting for the department head"),
    "waiting_leader": _l("Waiting for the leader"),
    "approved": _l("Approved"),
    "khong_nop": _l("Không nộp (approved without a self-assessment)"),
}
add_nav("admin.dashboard", _l("Dashboard"), READERS, order=5)


@bp.app_template_filter("dash_share")
def share_filter(value) -> str:
    """Format a share as a percentage with one decimal, as the charts print it (91,7%)."""
    return "—" if value is None else format_decimal(value * 100, format="#,##0.0") + "%"


@bp.app_template_filter("dash_count")
def count_filter(value) -> str:
    """Format a count with thousands separators."""
    return "—" if value is None else format_decimal(value, format="#,##0")


@bp.app_template_filter("month_name")
def month_name_filter(period) -> str:
    """Name a month "2026-11" in the page's language: "Tháng 11 năm 2026", "November 2026"."""
    text = str(period)
    name = format_skeleton("yMMMM", date(int(text[:4]), int(text[5:7]), 1), locale=get_locale())
    return name[:1].upper() + name[1:]


#: How many months, ending with the current one, the month picker offers.
PICKER_MONTHS = 24


@bp.app_template_global("month_choices")
def picker_months(shown, now: datetime | None = None) -> list[str]:
    """Return the months a month picker offers, newest first: the last ``PICKER_MONTHS``
    months and the month shown (a link may open an older one). Pickers list months by name
    in the page's language (``month_name``), where the browser's own month field would name
    them in the browser's."""
    current = month_of_instant(now or datetime.now(UTC), zone())
    periods = {str(m) for m in trend_months(current, PICKER_MONTHS)} | {str(shown)}
    return sorted(periods, reverse=True)


def dashboard_month() -> Month:
    """Return the month asked for by ``?month=YYYY-MM``; by default the current local month."""
    if request.values.get("month", "").strip():
        return requested_calendar_month()
    return month_of_instant(datetime.now(UTC), zone())


def trend(month, scope: Scope):
    """Return, for the 12 months ending with ``month``, the pooled satisfaction of each
    (None where its figures were not computed yet) and the plan's targets of each."""
    periods = [str(m) for m in trend_months(month)]
    stored = stored_figures(get_session(), periods)
    points = [(p, figures.overall_satisfaction(stored[p].summary, scope.departments)
               if p in stored else None) for p in periods]
    plans = [(p, figures.plan_overall(stored[p].summary, scope.departments))
             for p in periods if p in stored]
    return points, plans


@require_roles(*READERS)
def dashboard():
    """Show a month's figures against the targets, with a data table beside every chart."""
    month, scope, session = dashboard_month(), staff_scope(), get_session()
    found = month_figures(session, month, zone(), max_age())
    if found is None:
        return render_template("evaluation/no_rubric.html", period=str(month),
                               can_edit_rubrics=False)
    summary, details, only = found.summary, found.details, scope.departments
    points, plans = trend(month, scope)
    ballots, dissatisfied, hours = panels.week_panels(details, only)
    start, end = month_window_utc(month, zone())
    return render_template(
        "dashboard/dashboard.html", figures=found, period=str(month),
        status_label=MONTH_STATUS.get(found.status, found.status),
        overall=figures.overall_satisfaction(summary, only),
        sites=panels.share_panel(_("Satisfaction by site"),
                                 figures.satisfaction_by_site(summary, only)),
        departments=panels.share_panel(_("Satisfaction by department"),
                                       figures.satisfaction_by_department(summary, only)),
        below=figures.officers_below_target(details, only),
        levels=panels.level_panel(session, details, only),
        trend=panels.trend_panel(points, figures.base_target(summary)),
        ballots=ballots, dissatisfied=dissatisfied, hours=hours,
        conduct=panels.conduct_panel(details, only),
        alerts=alert_counts(session, start, end, scope),
        plan=figures.plan_by_department(summary, only),
        plan_months=[(p, row) for p, row in plans if row.reporting],
        plan_total=figures.plan_overall(summary, only), targets=figures.PLAN_TARGETS,
        workflow=workflow_figures(session, month, departments=only,
                                  site_id=request.args.get("site", type=int)),
        workflow_steps=WORKFLOW_STEPS, site_id=request.args.get("site", type=int))
