"""Staff side: the console, in rooms by topic, and the staff commands of the `hailong` CLI.

Each room is a package holding its views, forms and templates, with every URL it serves
listed in its ``routes.py`` (docs/architecture.md draws the map). The rooms are imported
here, not with the package, so that a staff command's module (``admin.cli.report``) can be
imported without the console's views (`hailong report --help`, issue 17).
"""

#: The console's rooms; each has its own templates folder (``<room>/templates/<room>/``).
ROOMS = ("common", "home", "org", "people", "evaluation", "ratings", "alerts", "dashboard",
         "register", "fleet")


def init_app(app) -> None:
    """Mount the console's rooms and register the staff commands."""
    from flask import Blueprint

    from admin.alerts import inbox as alerts
    from admin.alerts import mail as alert_mail
    from admin.alerts import routes as _alerts  # noqa: F401 - each routes module adds its URLs
    from admin.blueprint import bp
    from admin.cli import accounts as account_cli
    from admin.cli import apikeys as apikey_cli
    from admin.cli import audit as audit_cli
    from admin.cli import backup as backup_cli
    from admin.cli import dashboard as dashboard_cli
    from admin.cli import flags as flag_cli
    from admin.cli import month as month_cli
    from admin.cli import register as register_cli
    from admin.cli import report as report_cli
    from admin.cli import staff as staff_cli
    from admin.common import (  # noqa: F401 - these hook into every console request or page
        downloads,
        formats,
        nav,
        staff_marker,
    )
    from admin.dashboard import routes as _dashboard  # noqa: F401
    from admin.evaluation import annual_mail  # noqa: F401 - adds `hailong month annual-remind`
    from admin.evaluation import routes as _evaluation  # noqa: F401
    from admin.fleet import routes as _fleet  # noqa: F401
    from admin.home import routes as _home  # noqa: F401
    from admin.org import routes as _org  # noqa: F401
    from admin.people import account, auth, scope, second_factor, throttle
    from admin.people import routes as _people  # noqa: F401
    from admin.ratings import flag_text  # noqa: F401 - the review queue's template filters
    from admin.ratings import routes as _ratings  # noqa: F401
    from admin.register import routes as _register  # noqa: F401

    auth.init_app(app)
    throttle.init_app(app)
    second_factor.init_app(app)
    account.init_app(app)
    nav.init_app(app)
    scope.init_app(app)
    alerts.init_app(app)
    alert_mail.init_app(app)
    app.register_blueprint(bp)
    for room in ROOMS:  # a blueprint with no routes: it lends the room's templates to Jinja
        app.register_blueprint(Blueprint(f"admin_{room}", f"admin.{room}",
                                         template_folder="templates"))
    for commands in (staff_cli, apikey_cli, audit_cli, account_cli, month_cli, report_cli,
                     register_cli, dashboard_cli, backup_cli, flag_cli):
        commands.init_app(app)
