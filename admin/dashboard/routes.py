"""The dashboard room's URLs. The leaders' dashboard: figures, panels and their stored monthly
values.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.blueprint import bp
from admin.dashboard import views

# views
bp.add_url_rule("/dashboard", view_func=views.dashboard, methods=["GET"])
