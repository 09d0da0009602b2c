"""The home room's URLs. The console's home: today's figures and each role's next actions.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.blueprint import bp
from admin.home import views

# views
bp.add_url_rule("/", view_func=views.home, methods=["GET"])
