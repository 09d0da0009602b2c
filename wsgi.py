"""Application factory: `gunicorn "wsgi:create_app()"`; console script `hailong`."""

import os

from flask import Flask, redirect, url_for
from flask.cli import FlaskGroup
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

import admin
import kiosk
from render.fonts import FontsMissing, check_font_files
from web import (
    bodies,
    db,
    errors,
    health,
    i18n,
    integrity,
    jsonio,
    metrics,
    retry,
    security,
    urls,
)
from web import cli as web_cli
from web.blueprint import bp as web_bp
from web.cli_text import CommandError, _, lang_option
from web.config import ConfigError, load_config
from web.extensions import csrf, limiter


def create_app(test_config=None):
    """Create the app: defaults, then instance/config.py, then the environment, then test_config.

    :raises ConfigError: when a setting is wrong or the database cannot be reached.
    """
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
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app):
    """Read bodies first; bind the id converter, strict JSON, the extensions, error handlers,
    security headers and the flag rules' settings."""
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
    try:
        check_font_files()
    except FontsMissing as exc:
        raise ConfigError(str(exc)) from None


def register_blueprints(app):
    """Mount the shared pieces, the citizen side and the staff side."""
    app.register_blueprint(web_bp)
    metrics.init_app(app)
    health.init_app(app)
    kiosk.init_app(app)
    admin.init_app(app)
    app.add_url_rule("/", "index", lambda: redirect(url_for("admin.home")))


def register_commands(app):
    """Add the `db` group; the feature packages add their own commands."""
    web_cli.init_app(app)


def create_cli_app():
    """Create the app for the command line, which must work before the database does."""
    return create_app({"CHECK_DATABASE_ON_START": False})


class HailongGroup(FlaskGroup):
    """The `hailong` command: Flask's CLI with database errors turned into one line."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise CommandError(str(exc)) from None
        except OperationalError as exc:
            raise CommandError(_("Cannot reach the database named by DATABASE_URL: %(reason)s",
                                 reason=exc.orig)) from None


cli = lang_option(HailongGroup(
    create_app=create_cli_app,
    add_version_option=True,
    help="Hài Lòng: citizen ratings and monthly officer evaluation.",
))
