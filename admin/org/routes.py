"""The org room's URLs. The organisation: sites, departments, counters and the names printed on
reports.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.blueprint import bp
from admin.org import counters, departments, settings, sites

# counters
bp.add_url_rule("/counters", view_func=counters.counters, methods=["GET"])
bp.add_url_rule("/counters/new", view_func=counters.counter_new, methods=["GET", "POST"])
bp.add_url_rule(
    "/counters/<int:counter_id>/edit",
    view_func=counters.counter_edit,
    methods=["GET", "POST"],
)

# departments
bp.add_url_rule("/departments", view_func=departments.departments, methods=["GET"])
bp.add_url_rule(
    "/departments/<int:department_id>/head",
    view_func=departments.department_head_set,
    methods=["POST"],
)
bp.add_url_rule("/departments/new", view_func=departments.department_new, methods=["GET", "POST"])
bp.add_url_rule(
    "/departments/<int:department_id>/edit",
    view_func=departments.department_edit,
    methods=["GET", "POST"],
)

# settings
bp.add_url_rule("/settings/organisation", view_func=settings.org_settings, methods=["GET", "POST"])

# sites
bp.add_url_rule("/sites", view_func=sites.sites, methods=["GET"])
bp.add_url_rule("/sites/<int:site_id>", view_func=sites.site_detail, methods=["GET"])
bp.add_url_rule("/sites/new", view_func=sites.site_new, methods=["GET", "POST"])
bp.add_url_rule("/sites/<int:site_id>/edit", view_func=sites.site_edit, methods=["GET", "POST"])
