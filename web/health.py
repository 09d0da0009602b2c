"""/healthz for load balancers and monitoring; and refusing service on an old schema."""

from importlib.metadata import PackageNotFoundError, version

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _

from web.db import get_database
from web.errors import database_unavailable, json_error, page_error

bp = Blueprint("health", __name__)

#: Paths served even when the schema is behind: health checks and static files.
ALWAYS_SERVED = ("/healthz", "/static/")


def app_version() -> str:
    """Return the installed distribution's version."""
    try:
        return version("hailong")
    except PackageNotFoundError:
        return "unknown"


@bp.get("/healthz")
def healthz():
    """Answer 200 when the database answers and is at the migration head, else 503."""
    database = get_database()
    state, revision = database.schema_state()
    body = {
        "status": "ok" if state == "ok" else state,
        "version": app_version(),
        "migration_head": database.head,
        "database_revision": revision,
    }
    if state == "behind":
        body["action"] = "run `hailong db upgrade`"
    return jsonify(body), 200 if state == "ok" else 503


def without_database(view):
    """Mark a view that never touches the database, so it is served whatever the database's
    state: the counter tablet's page and service worker, which must load during an outage."""
    view.without_database = True
    return view


def refuse_when_schema_behind():
    """Refuse every request (ratings included) while the database is not at head.

    A database that does not answer is not a schema to upgrade: that is the same 503
    database_unavailable as any request that meets the outage later (web/errors.py).
    """
    if request.path.startswith(ALWAYS_SERVED) or "/static/" in request.path:
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "without_database", False):
        return None
    state = get_database().schema_check()
    if state == "ok":
        return None
    if state == "unreachable":
        return database_unavailable()
    message = "The database schema is not up to date; run `hailong db upgrade`."
    if request.path.startswith("/api/"):
        return json_error(503, "schema_outdated", message)
    return page_error(
        503, _("Under maintenance"), _("The system is being upgraded. Please try again shortly.")
    )


def init_app(app) -> None:
    """Register /healthz and the schema guard."""
    app.register_blueprint(bp)
    app.before_request(refuse_when_schema_behind)
