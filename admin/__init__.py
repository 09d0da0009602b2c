"""Staff side: the console, reports and the staff commands of the `hailong` CLI."""

# The topic modules hang their routes on bp.
from admin import apikey_cli, auth, cli, nav, posters, views, visits  # noqa: F401
from admin.blueprint import bp


def init_app(app) -> None:
    """Mount the console and register the staff commands."""
    auth.init_app(app)
    nav.init_app(app)
    app.register_blueprint(bp)
    cli.init_app(app)
    apikey_cli.init_app(app)
