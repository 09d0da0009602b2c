"""Staff side: the console, reports and the staff commands of the `hailong` CLI."""

# The topic modules hang their routes on bp when imported.
from admin import (  # noqa: F401
    auth,
    cli,
    dossier_import,
    inputs,
    month_cli,
    months,
    nav,
    ranking,
    rubrics,
    sheets,
    views,
)
from admin.blueprint import bp


def init_app(app) -> None:
    """Mount the console and register the staff commands."""
    auth.init_app(app)
    nav.init_app(app)
    app.register_blueprint(bp)
    cli.init_app(app)
    month_cli.init_app(app)
