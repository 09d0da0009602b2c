"""/api/v1: JSON for tablets and integrations, described by /api/v1/openapi.json."""

from flask import Blueprint, jsonify, url_for

from kiosk.api.openapi import build_document
from web.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Tablets authenticate with a device header and integrations with a bearer key, never cookies.
csrf.exempt(bp)


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3.1 description of every /api/v1 endpoint."""
    return jsonify(build_document(server_url=url_for("api.openapi", _external=True)))


#: Settings of the API; override in instance/config.py or as HAILONG_<NAME>.
DEFAULTS = {
    #: Pairing attempts per client address (a 6-digit code must not be guessed) ...
    "KIOSK_PAIR_RATE_LIMIT": "10/minute",
    #: ... and from all addresses together, so a code alive for 10 minutes meets at most
    #: about sixty guesses however many addresses try (odds 1 in 16,000 per code).
    "KIOSK_PAIR_GLOBAL_LIMIT": "60/10 minutes",
}


def init_app(app) -> None:
    """Register the API blueprint and its default settings."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.register_blueprint(bp)


# The endpoint modules hang their routes on bp.
from kiosk.api import dossiers, evaluations, visits  # noqa: E402, F401
