"""Console home: today's figures at a glance."""

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from admin.auth import ROLE_LABELS, require_roles
from admin.blueprint import bp
from admin.nav import add_nav
from models.queries.overview import today_overview
from web.db import get_session

#: Every console role may open the home page.
ALL_ROLES = tuple(ROLE_LABELS)

add_nav("admin.home", _l("Overview"), ALL_ROLES, order=0)


@bp.get("/")
@require_roles(*ALL_ROLES)
def home():
    """Show today's ratings, satisfaction, open alerts and tablets."""
    overview = today_overview(get_session(), current_app.config["TIMEZONE"])
    return render_template("admin/home.html", overview=overview, role=current_user.role)
