"""Citizen side: the counter tablet, the phone survey and the API tablets and integrations use."""

from kiosk import api, survey


def init_app(app) -> None:
    """Mount the citizen-facing blueprints."""
    api.init_app(app)
    survey.init_app(app)
