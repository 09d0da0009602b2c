"""Staff side: the console, reports and the staff commands of the `hailong` CLI."""

from admin import auth, cli, month_cli, nav, views  # noqa: F401 - topic modules hang routes on bp
from admin.blueprint import bp


def init_app(app) -> None:
    """Mount the console and register the staff commands."""
    auth.init_app(app)
    nav.init_app(app)
    app.register_blueprint(bp)
    cli.init_app(app)
    month_cli.init_app(app)
