"""Citizen side: the counter tablet, the phone survey and the API tablets and integrations use."""



def init_app(app) -> None:
    """Mount the citizen-facing blueprints.

    The modules are imported here, not with the package, so that `hailong kiosk --help`
    imports the command's module without the tablet's views (issue 17).
    """
    from kiosk import api, cli, survey, tablet
    from kiosk.api import tablet as tablet_api  # noqa: F401 - hangs the tablet endpoints on api.bp

    api.init_app(app)
    survey.init_app(app)
    tablet.init_app(app)
    cli.init_app(app)
