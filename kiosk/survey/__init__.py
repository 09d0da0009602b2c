"""The phone survey at /s/: a visit's single-use link, dossier-code entry and counter posters."""

from flask import Blueprint

from web.extensions import csrf

#: Largest survey form body, in bytes: a few hundred answers and two texts of the longest
#: length, with room to spare (web/bodies.py reads it whole before the view runs).
MAX_FORM_BYTES = 64 * 1024

bp = Blueprint(
    "survey",
    __name__,
    url_prefix="/s",
    template_folder="../templates",
    static_folder="../static/survey",
    static_url_path="/static",
)
# The survey's forms check their own CSRF token (FlaskForm), so that an expired form is shown
# again with the citizen's answers kept instead of an error page.
csrf.exempt(bp)

#: Settings of the survey; override in instance/config.py or as HAILONG_<NAME>.
DEFAULTS = {
    #: Seconds a survey form's CSRF token stays valid (a day: answer at the counter or at home).
    "SURVEY_FORM_TIME_LIMIT": 24 * 3600,
    #: Dossier-code look-ups per client address (so codes cannot be enumerated); counted
    #: in the database, shared by every worker and host (web/throttle.py).
    "SURVEY_LOOKUP_RATE_LIMIT": "10/minute;50/hour",
    #: Poster ratings per client address, on top of the counter's cool-down.
    "SURVEY_POSTER_RATE_LIMIT": "5/minute;20/hour",
}


def init_app(app) -> None:
    """Register the survey blueprint and its default settings."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(bp)


from kiosk.survey import entry, pages, register, submit, views  # noqa: E402, F401
