"""Console home: today's figures and this month's satisfaction, within what each role may see."""

from datetime import UTC, datetime

from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.alerts.labels import KIND_LABELS, STATUS_LABELS
from admin.common.nav import add_nav
from admin.dashboard import panels
from admin.dashboard.data import max_age, month_figures, staff_scope
from admin.evaluation.assessment.home import assessment_notice
from admin.evaluation.assessment.support import SHEET_STATUS
from admin.home.actions import newest_open_alerts, next_actions
from admin.people.auth import ROLE_LABELS, require_roles
from evaluation import month_of_instant
from models.queries import dashboard_figures as figures
from models.queries.flags import open_lockout_alerts, pending_count
from models.queries.overview import Scope, today_overview
from web.db import get_session

#: Every console role may open the home page.
ALL_ROLES = tuple(ROLE_LABELS)

add_nav("admin.home", _l("Overview"), ALL_ROLES, order=0)


def home_scope() -> Scope:
    """Return what the home page may show: an officer only their own figures."""
    if current_user.role == "officer":
        return Scope(officer_id=current_user.user.officer_id or -1)
    return staff_scope()


@require_roles(*ALL_ROLES)
def home():
    """Show today's ratings and alerts, and this month's satisfaction against the target."""
    zone, scope, session = current_app.config["TIMEZONE"], home_scope(), get_session()
    month = month_of_instant(datetime.now(UTC), zone)
    found = month_figures(session, month, zone, max_age())
    notice = assessment_notice()
    context = {"overview": today_overview(session, zone, scope=scope), "role": current_user.role,
               "period": str(month), "figures": found, "scope": scope,
               "assessment": notice, "assessment_labels": SHEET_STATUS,
               "actions": next_actions(notice), "open_alerts": newest_open_alerts(),
               "role_label": ROLE_LABELS[current_user.role], "alert_kinds": KIND_LABELS,
               "alert_statuses": STATUS_LABELS}
    if scope.officer_id is None:
        context["waiting"] = pending_count(session, scope.departments)
        context["lockout_alerts"] = (len(open_lockout_alerts(session))
                                     if current_user.role in ("leader", "admin") else 0)
    if found is not None and scope.officer_id is not None:
        mine = [o for o in figures.officer_rows(found.details) if o["id"] == scope.officer_id]
        context["mine"] = mine[0] if mine else None
    elif found is not None:
        only = scope.departments
        context["overall"] = figures.overall_satisfaction(found.summary, only)
        context["levels"] = panels.level_panel(session, found.details, only)
        context["units"] = (
            panels.share_panel(_("Satisfaction by department"),
                               figures.satisfaction_by_department(found.summary, only))
            if only is not None else
            panels.share_panel(_("Satisfaction by site"),
                               figures.satisfaction_by_site(found.summary)))
    return render_template("home/home.html", **context)
