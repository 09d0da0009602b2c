"""/metrics in Prometheus' text format for the monitoring server, behind a bearer token.

Request latency is measured in every worker; with PROMETHEUS_MULTIPROC_DIR set (the systemd
unit does) the workers' figures are summed. The other figures are read from the database on
each scrape, so every host reports the same ones.
"""

import hmac
import os
import time
from datetime import UTC, datetime, timedelta

from flask import Blueprint, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import func, select

from models.alerts import Alert
from models.devices import Tablet
from models.jobs import JobRun
from models.ratings import Rating
from web.db import get_database
from web.extensions import csrf, limiter

bp = Blueprint("metrics", __name__)

#: Seconds without a heartbeat after which a tablet counts as silent.
SILENT_AFTER = timedelta(minutes=15)

REQUEST_SECONDS = Histogram(
    "hailong_http_request_duration_seconds",
    "Time to answer an HTTP request, by area of the app, method and status class.",
    ["area", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

#: First path segment -> area label (a few values, so the series stay few).
AREAS = {"kiosk": "kiosk", "api": "api", "s": "survey", "admin": "console", "healthz": "health"}


def _area(path: str) -> str:
    return AREAS.get(path.strip("/").split("/", 1)[0], "other")


def _start_timer() -> None:
    g.metrics_started = time.perf_counter()


def _observe(response):
    started = g.pop("metrics_started", None)
    if started is not None and request.endpoint != "metrics.metrics":
        REQUEST_SECONDS.labels(_area(request.path), request.method,
                               f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started)
    return response


class DatabaseCollector:
    """Figures read from the database at each scrape: ratings, tablets' outboxes, alerts, jobs."""

    def __init__(self, sessions) -> None:
        self.sessions = sessions

    def collect(self):
        now = datetime.now(UTC)
        with self.sessions() as session:
            yield _gauge("hailong_ratings_stored", "Ratings stored, all time.",
                         session.scalar(select(func.count()).select_from(Rating)))
            yield _gauge("hailong_ratings_last_day", "Ratings given in the last 24 hours.",
                         session.scalar(select(func.count()).select_from(Rating)
                                        .where(Rating.rated_at >= now - timedelta(days=1))))
            yield from self._tablets(session, now)
            yield _gauge("hailong_alerts_open", "Alerts not yet decided (new or being verified).",
                         session.scalar(select(func.count()).select_from(Alert)
                                        .where(Alert.status.in_(("new", "verifying")))))
            yield self._jobs(session)

    def _tablets(self, session, now):
        active = Tablet.revoked_at.is_(None)
        row = session.execute(select(func.coalesce(func.sum(Tablet.outbox_length), 0),
                                     func.min(Tablet.oldest_unsent_at)).where(active)).one()
        yield _gauge("hailong_tablet_outbox_ratings",
                     "Ratings waiting in the tablets' outboxes, as last reported.", row[0])
        lag = (now - row[1]).total_seconds() if row[1] else 0.0
        yield _gauge("hailong_tablet_outbox_lag_seconds",
                     "Age of the oldest rating still waiting in a tablet's outbox.", max(0.0, lag))
        silent = session.scalar(select(func.count()).select_from(Tablet).where(
            active, (Tablet.last_heartbeat_at.is_(None))
            | (Tablet.last_heartbeat_at < now - SILENT_AFTER)))
        yield _gauge("hailong_tablets_silent",
                     "Paired tablets without a heartbeat for 15 minutes.", silent)

    def _jobs(self, session):
        family = GaugeMetricFamily("hailong_job_last_success_timestamp_seconds",
                                   "When each scheduled job last ran well (Unix time).",
                                   labels=["job"])
        for run in session.scalars(select(JobRun).where(JobRun.last_ok_at.is_not(None))):
            family.add_metric([run.name], run.last_ok_at.timestamp())
        return family


def _gauge(name: str, documentation: str, value) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=float(value or 0))


@bp.get("/metrics")
@csrf.exempt
@limiter.exempt
def metrics():
    """Answer the scrape when the request carries the METRICS_TOKEN; 404 when none is set."""
    token = current_app.config["METRICS_TOKEN"]
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), token.encode()):
        return Response("unauthorised\n", 401, {"WWW-Authenticate": "Bearer"},
                        mimetype="text/plain")
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_SECONDS)
    registry.register(DatabaseCollector(get_database().sessions))
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST,
                    headers={"Cache-Control": "no-store"})


def init_app(app) -> None:
    """Register /metrics and time every request."""
    app.register_blueprint(bp)
    app.before_request(_start_timer)
    app.after_request(_observe)
