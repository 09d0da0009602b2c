"""/healthz for load balancers and monitoring; and refusing service on an old schema."""

from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _

from models.ops.jobs import job_runs
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
    if state == "ok":
        body["jobs"] = scheduled_jobs_state(datetime.now(UTC))
        if any(job["overdue"] for job in body["jobs"].values()):
            body["status"] = "degraded"
    return jsonify(body), 200 if state == "ok" else 503


def scheduled_jobs_state(now: datetime) -> dict[str, dict]:
    """Return each scheduled job's last run, its age and whether it is overdue, by name.

    Policy: the jobs named in the SCHEDULED_JOBS setting ({name: most seconds since the last
    good run}) are watched; one that never succeeded, or whose last good run is older than
    its limit, is overdue and turns /healthz "degraded" (still 200: the app serves). Jobs
    that ran but are not named are listed without a limit.
    """
    limits = current_app.config["SCHEDULED_JOBS"]
    with get_database().sessions() as session:
        runs = {run.name: run for run in job_runs(session)}
    state = {}
    for name in sorted(limits.keys() | runs.keys()):
        run, limit = runs.get(name), limits.get(name)
        age = (now - run.last_ok_at).total_seconds() if run and run.last_ok_at else None
        state[name] = {
            "status": run.status if run else "never",
            "last_ok_at": run.last_ok_at.isoformat() if run and run.last_ok_at else None,
            "age_seconds": None if age is None else round(age),
            "max_age_seconds": limit,
            "overdue": limit is not None and (age is None or age > limit),
            "detail": run.detail if run else "",
        }
    return state


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
