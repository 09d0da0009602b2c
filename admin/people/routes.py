"""The people room's URLs. People and access: sign-in, sessions, passwords, two-step sign-in,
staff accounts, officers, what each person may see, and the audit log.

Each line maps a path under /admin to its view; the endpoint is the view's name
(``url_for("admin.<view>")``). The views, their forms and templates are beside this
file (docs/architecture.md).
"""

from admin.blueprint import bp
from admin.people import (
    account,
    account_factor,
    accounts,
    audit_log,
    login,
    officer_import,
    officer_tools,
    officers,
)

# account
bp.add_url_rule("/account/password", view_func=account.change_password, methods=["GET", "POST"])
bp.add_url_rule("/account/sessions", view_func=account.account_sessions, methods=["GET", "POST"])

# account_factor
bp.add_url_rule(
    "/account/two-factor",
    view_func=account_factor.two_factor,
    methods=["GET", "POST"],
)

# accounts
bp.add_url_rule("/users", view_func=accounts.users, methods=["GET"])
bp.add_url_rule("/users/new", view_func=accounts.user_new, methods=["GET", "POST"])
bp.add_url_rule("/users/<int:user_id>/edit", view_func=accounts.user_edit, methods=["GET", "POST"])
bp.add_url_rule(
    "/users/<int:user_id>/password",
    view_func=accounts.user_password,
    methods=["GET", "POST"],
)
bp.add_url_rule("/users/<int:user_id>/active", view_func=accounts.user_toggle, methods=["POST"])
bp.add_url_rule(
    "/users/<int:user_id>/sessions/end",
    view_func=accounts.user_sessions_end,
    methods=["POST"],
)
bp.add_url_rule(
    "/users/<int:user_id>/second-factor/reset",
    view_func=accounts.user_second_factor_reset,
    methods=["POST"],
)

# audit_log
bp.add_url_rule("/audit", view_func=audit_log.audit_log, methods=["GET"])

# auth
bp.add_url_rule("/logout", view_func=login.logout, methods=["POST"])

# login
bp.add_url_rule("/login", view_func=login.login, methods=["GET", "POST"])
bp.add_url_rule("/login/code", view_func=login.login_code, methods=["GET", "POST"])
bp.add_url_rule("/login/enrol", view_func=login.login_enrol, methods=["GET", "POST"])

# officer_import
bp.add_url_rule(
    "/officers/import",
    view_func=officer_import.officer_import,
    methods=["GET", "POST"],
)

# officer_tools
bp.add_url_rule(
    "/officers/<int:officer_id>/counters",
    view_func=officer_tools.officer_counters,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/officers/<int:officer_id>/photo",
    view_func=officer_tools.officer_photo_upload,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/officers/<int:officer_id>/photo.jpg",
    view_func=officer_tools.officer_photo,
    methods=["GET"],
)
bp.add_url_rule(
    "/officers/<int:officer_id>/pin",
    view_func=officer_tools.officer_pin,
    methods=["GET", "POST"],
)

# officers
bp.add_url_rule("/officers", view_func=officers.officers, methods=["GET"])
bp.add_url_rule("/officers/<int:officer_id>", view_func=officers.officer_detail, methods=["GET"])
bp.add_url_rule("/officers/new", view_func=officers.officer_new, methods=["GET", "POST"])
bp.add_url_rule(
    "/officers/<int:officer_id>/edit",
    view_func=officers.officer_edit,
    methods=["GET", "POST"],
)
