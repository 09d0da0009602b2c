"""The alerts room's URLs. The alerts inbox and the leaders' alert e-mail.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.alerts import inbox
from admin.blueprint import bp

# inbox
bp.add_url_rule("/alerts", view_func=inbox.alerts, methods=["GET"])
bp.add_url_rule("/alerts/feed", view_func=inbox.alerts_feed, methods=["GET"])
bp.add_url_rule("/alerts/<int:alert_id>", view_func=inbox.alert_detail, methods=["GET"])
bp.add_url_rule(
    "/alerts/<int:alert_id>/follow-up",
    view_func=inbox.alert_follow_up,
    methods=["POST"],
)
