"""Application factory: `gunicorn "wsgi:create_app()"`; console script `hailong`.

The modules of the app are imported by `create_app`, not here, so that `hailong --help`
(which imports this module) starts without them (issue 17; web/cli_group.py).
"""

import os
import sys

from flask import Flask, redirect, url_for

from web.cli_group import LazyFlaskGroup
from web.cli_text import CommandError, _, lang_option


def create_app(test_config=None):
    """Create the app: defaults, then instance/config.py, then the environment, then test_config.

    :raises ConfigError: when a setting is wrong or the database cannot be reached.
    """
    from web import db, retry
    from web.config import load_config

    app = Flask(
        __name__,
        instance_path=os.environ.get("HAILONG_INSTANCE_PATH") or None,
        instance_relative_config=True,
        static_folder=None,
    )
    load_config(app, test_config)
    register_extensions(app)
    register_pdf_fonts()
    db.init_app(app)
    register_blueprints(app)
    retry.init_app(app)
    register_commands(app)
    trust_proxies(app)
    return app


def trust_proxies(app):
    """Believe the reverse proxy's client address and scheme (rate limits, Secure cookies, HSTS)."""
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app):
    """Read bodies first; bind the id converter, strict JSON, the extensions, error handlers,
    security headers and the flag rules' settings."""
    from web import bodies, errors, i18n, integrity, jsonio, security, urls
    from web.extensions import csrf, limiter

    bodies.init_app(app)
    urls.init_app(app)
    jsonio.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    errors.init_app(app)
    security.init_app(app)
    integrity.init_app(app)


def register_pdf_fonts():
    """Check the PDF fonts now, so a missing font stops start-up instead of a printout.

    They are registered with ReportLab by the first printout (render.fonts.register_fonts),
    so that start-up does not load ReportLab.
    """
    from render.fonts import FontsMissing, check_font_files
    from web.config import ConfigError

    try:
        check_font_files()
    except FontsMissing as exc:
        raise ConfigError(str(exc)) from None


def register_blueprints(app):
    """Mount the shared pieces, the citizen side and the staff side."""
    import admin
    import kiosk
    from web import health, metrics
    from web.blueprint import bp as web_bp

    app.register_blueprint(web_bp)
    metrics.init_app(app)
    health.init_app(app)
    kiosk.init_app(app)
    admin.init_app(app)
    app.add_url_rule("/", "index", lambda: redirect(url_for("admin.home")))


def register_commands(app):
    """Add the `db` group; the feature packages add their own commands."""
    from web import cli as web_cli

    web_cli.init_app(app)


def create_cli_app():
    """Create the app for the command line, which must work before the database does."""
    return create_app({"CHECK_DATABASE_ON_START": False})


#: Every command the app registers (``app.cli``): where it is defined and its one-line summary,
#: so that ``hailong --help`` lists them without importing them (tests/test_lazy_imports.py
#: checks this table against the app's command tree).
COMMANDS = {
    "alerts": ("admin.alerts.mail:alerts_cli", "Alerts: e-mail leaders about new ones."),
    "apikey": ("admin.cli.apikeys:apikey_cli",
               "Create, list and revoke integration keys of a site."),
    "audit": ("admin.cli.audit:audit_cli", "Check the tamper-evident audit log."),
    "backup": ("admin.cli.backup:backup_command",
               "Write the whole database to one archive (a timer runs it nightly)."),
    "create-user": ("admin.cli.staff:create_user_command",
                    "Create a console account (there is no default account)."),
    "dashboard": ("admin.cli.dashboard:dashboard_cli", "Compute the dashboards' monthly figures."),
    "db": ("web.cli:db_cli", "Upgrade the database schema and show its revision."),
    "end-sessions": ("admin.cli.accounts:end_sessions_command",
                     "End console sessions on the server: one account's, or everyone's (e.g. "
                     "after a suspected break-in, or before changing SECRET_KEY)."),
    "flags": ("admin.cli.flags:flags_cli",
              "List flagged ratings; run the flag rules on a month again."),
    "import-dossiers": ("admin.cli.month:import_dossiers_command",
                        "Replace a month's dossier statistics with a CSV or XLSX file (all rows "
                        "or none)."),
    "import-register": ("admin.cli.register:import_register_command",
                        "Upsert the dossiers of a register file (CSV or XLSX): all rows or none."),
    "install-defaults": ("admin.cli.staff:install_defaults_command",
                         "Install the default questionnaire and rubric where none exists (safe "
                         "to repeat)."),
    "kiosk": ("kiosk.cli:kiosk_cli", "Counter tablets: pairing codes and closing-time sign-out."),
    "month": ("admin.cli.month:month_cli",
              "Close, reopen and show a month's evaluation; the year."),
    "register": ("admin.cli.register:register_cli", "Look after the dossier register."),
    "report": ("admin.cli.report:report_cli",
               "Write a month's ranking (PDF, Excel) or an officer's sheet."),
    "reset-second-factor": ("admin.cli.accounts:reset_second_factor_command",
                            "Remove an account's authenticator app and recovery codes and end its "
                            "sessions."),
    "restore": ("admin.cli.backup:restore_command",
                "Restore an archive, then check it: row counts and every closed month "
                "reproduced."),
    "seed-demo": ("admin.cli.staff:seed_demo_command",
                  "Fill an empty database with a demo province and print how to sign in."),
}


class HailongGroup(LazyFlaskGroup):
    """The `hailong` command: Flask's CLI, commands loaded lazily, database errors in one line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            reason = _one_line_reason(exc)
            if reason is None:
                raise
            raise CommandError(reason) from None


def _one_line_reason(exc: Exception) -> str | None:
    """The one-line message for a settings or database error, else None.

    The classes are looked up among the imported modules: an error of a module that was never
    imported cannot have been raised, and importing SQLAlchemy here would cost every start.
    """
    config = sys.modules.get("web.config")
    if config is not None and isinstance(exc, config.ConfigError):
        return str(exc)
    errors = sys.modules.get("sqlalchemy.exc")
    if errors is not None and isinstance(exc, errors.OperationalError):
        return _("Cannot reach the database named by DATABASE_URL: %(reason)s", reason=exc.orig)
    return None


cli = lang_option(HailongGroup(
    create_app=create_cli_app,
    lazy_commands=COMMANDS,
    add_version_option=True,
    help="Hài Lòng: citizen ratings and monthly officer evaluation.",
))
