"""The tablet page and its service worker; the settings the page runs on."""

import hashlib
from pathlib import Path

from flask import current_app, make_response, render_template, url_for
from flask_babel import force_locale

from kiosk.tablet.blueprint import PACKAGE, bp
from kiosk.tablet.strings import strings_in
from web.health import app_version, without_database

#: Settings of the tablet, in seconds unless said; a deployment or a test may change them.
DEFAULTS = {
    "KIOSK_IDLE_SECONDS": 30,
    #: The last seconds of an idle screen show a warning; on the details screen, a countdown.
    "KIOSK_IDLE_WARNING_SECONDS": 10,
    "KIOSK_THANKS_SECONDS": 4,
    "KIOSK_HEARTBEAT_SECONDS": 60,
    "KIOSK_STATE_POLL_SECONDS": 5,
    "KIOSK_DRAIN_SECONDS": 30,
    "KIOSK_RETRY_BASE_SECONDS": 5,
    "KIOSK_RETRY_MAX_SECONDS": 300,
    #: Ratings per upload (the server takes up to 200).
    "KIOSK_UPLOAD_BATCH": 50,
    #: Local hour at which an idle tablet with an empty outbox reloads itself.
    "KIOSK_NIGHTLY_RELOAD_HOUR": 3,
    "KIOSK_PAIR_RATE_LIMIT": "10 per minute",
}

#: The tablet's own static files, under kiosk/static/.
ASSETS = ("tablet/tablet.css", "tablet/outbox.js", "tablet/core.js", "tablet/screens.js",
          "tablet/rating.js", "tablet/officers.js", "tablet/boot.js")
SHARED_CSS = Path(__file__).resolve().parents[2] / "web" / "static" / "css" / "base.css"


def build_version() -> str:
    """Return the app version plus a digest of the tablet's files, e.g. "0.1.0+3f2a9c1d"."""
    digest = hashlib.sha256()
    for path in [*(PACKAGE / "static" / name for name in ASSETS), SHARED_CSS]:
        digest.update(path.read_bytes())
    return f"{app_version()[:20]}+{digest.hexdigest()[:8]}"


def tablet_version() -> str:
    """Return the version the running app serves to tablets."""
    return current_app.extensions["hailong.tablet_version"]


def asset_url(name: str) -> str:
    """Return the versioned URL of a tablet file, so a new release is never served stale."""
    return url_for("kiosk.static", filename=f"tablet/{name}", v=tablet_version())


def page_config() -> dict:
    """Return the settings the page's script reads."""
    config = current_app.config
    seconds = {
        "idle": "KIOSK_IDLE_SECONDS", "warning": "KIOSK_IDLE_WARNING_SECONDS",
        "thanks": "KIOSK_THANKS_SECONDS", "heartbeat": "KIOSK_HEARTBEAT_SECONDS",
        "poll": "KIOSK_STATE_POLL_SECONDS", "drain": "KIOSK_DRAIN_SECONDS",
        "retry_base": "KIOSK_RETRY_BASE_SECONDS", "retry_max": "KIOSK_RETRY_MAX_SECONDS",
    }
    return {
        **{name: config[key] for name, key in seconds.items()},
        "batch": config["KIOSK_UPLOAD_BATCH"],
        "reload_hour": config["KIOSK_NIGHTLY_RELOAD_HOUR"],
        "version": tablet_version(),
        "api": url_for("api.openapi").rsplit("/", 1)[0],
        "service_worker": url_for("kiosk.service_worker"),
        "scope": url_for("kiosk.tablet_page"),
    }


@bp.get("/")
@without_database
def tablet_page():
    """Serve the tablet's single page; it starts in Vietnamese whatever the browser says."""
    with force_locale("vi"):
        html = render_template(
            "kiosk/tablet.html",
            t=strings_in("vi"),
            strings={"vi": strings_in("vi"), "en": strings_in("en")},
            config=page_config(),
            asset=asset_url,
        )
    response = make_response(html)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/sw.js")
@without_database
def service_worker():
    """Serve the service worker that keeps the page usable through an outage."""
    shell = [
        url_for("kiosk.tablet_page"),
        url_for("web.static", filename="css/base.css"),
        *(asset_url(name.removeprefix("tablet/")) for name in ASSETS),
    ]
    body = render_template("kiosk/sw.js", version=tablet_version(), shell=shell)
    response = make_response(body)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    response.headers["Cache-Control"] = "no-cache"
    return response


def init_app(app) -> None:
    """Fill in the tablet settings a deployment left unset, and fix the served version."""
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.extensions["hailong.tablet_version"] = build_version()
