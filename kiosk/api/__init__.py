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


def init_app(app) -> None:
    """Register the API blueprint."""
    app.register_blueprint(bp)


# The endpoint modules hang their routes on bp.
from kiosk.api import dossiers, visits  # noqa: E402, F401
