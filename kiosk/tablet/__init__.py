"""The counter tablet at /kiosk/: one page that pairs, signs officers in and takes ratings."""

from kiosk.tablet import views
from kiosk.tablet.blueprint import bp


def init_app(app) -> None:
    """Register the tablet page, with its settings' defaults."""
    views.init_app(app)
    app.register_blueprint(bp)
