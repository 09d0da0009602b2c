"""Citizen side: the counter tablet, the phone survey and the API tablets and integrations use."""

from kiosk import api, cli, survey, tablet
from kiosk.api import tablet as tablet_api  # noqa: F401 - hangs the tablet endpoints on api.bp


def init_app(app) -> None:
    """Mount the citizen-facing blueprints."""
    api.init_app(app)
    survey.init_app(app)
    tablet.init_app(app)
    cli.init_app(app)
