"""Error pages for people and JSON errors for machines: never a traceback, never a bare 500."""

import logging

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from web.redact import redact_tokens

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An API failure with an HTTP status, a stable code and a human message."""

    def __init__(self, status: int, code: str, message: str, **details):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


#: Stable JSON codes for the HTTP errors Flask raises itself.
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    410: "gone",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


def wants_json() -> bool:
    """Say whether the caller is a machine: the API, or a client that asked for JSON."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes["text/html"]


def json_error(status: int, code: str, message: str, **details):
    """Return the JSON error body every API error uses."""
    body = {"error": {"code": code, "message": message, **details}}
    return jsonify(body), status


def page_error(status: int, title: str, message: str):
    """Return the translated HTML error page."""
    return render_template("errors/error.html", status=status, title=title, message=message), status


def http_messages() -> dict[int, tuple[str, str]]:
    """Return a translated (title, message) per HTTP status."""
    return {
        400: (_("Invalid request"), _("The request could not be understood. Please try again.")),
        401: (_("Sign-in required"), _("Please sign in to continue.")),
        403: (_("Not allowed"), _("Your account is not allowed to open this page.")),
        404: (_("Page not found"), _("The page you asked for does not exist.")),
        405: (_("Not allowed"), _("This action is not available here.")),
        410: (_("No longer available"), _("This link has already been used or has expired.")),
        413: (_("Too large"), _("What you sent is larger than allowed.")),
        429: (_("Too many attempts"), _("Please wait a moment and try again.")),
        500: (_("Something went wrong"), _("An unexpected error occurred. Please try again.")),
        503: (
            _("Temporarily unavailable"),
            _("The service is temporarily unavailable. Please try again shortly."),
        ),
    }


#: Headers an HTTP error carries that its JSON or page must keep: Allow on a 405 (RFC 9110
#: says it must), Retry-After on a 429 or 503.
KEPT_HEADERS = ("Allow", "Retry-After")


def error_headers(exc: HTTPException) -> dict[str, str]:
    """Return the headers of exc that every rendering of it must carry."""
    return {name: value for name, value in exc.get_headers() if name in KEPT_HEADERS}


def handle_http(exc: HTTPException):
    """Render an HTTP error as JSON or as a page, keeping its Allow and Retry-After."""
    status = exc.code or 500
    if wants_json():
        message = exc.description if status < 500 else "Service error"
        body, status = json_error(status, HTTP_CODES.get(status, "error"), message)
    else:
        title, message = http_messages().get(status, http_messages()[500])
        body, status = page_error(status, title, message)
    return body, status, error_headers(exc)


def handle_api_error(exc: ApiError):
    """Render an ApiError."""
    return json_error(exc.status, exc.code, exc.message, **exc.details)


def handle_csrf(exc: CSRFError):
    """Explain an expired or missing form token in words a person understands (and log it:
    a forged cross-site form shows up here)."""
    log.warning("CSRF check failed on %s %s from %s: %s", request.method,
                redact_tokens(request.path), request.remote_addr, exc.description)
    if wants_json():
        return json_error(400, "csrf_failed", exc.description)
    return page_error(
        400,
        _("The form has expired"),
        _("For your security the form expired. Please go back, reload the page and try again."),
    )


def handle_database_down(exc: OperationalError):
    """Answer 503 when the database cannot be reached; the client should retry later."""
    log.error("database unavailable: %s", exc.orig)
    return database_unavailable()


def database_unavailable():
    """Return the 503 for a database that does not answer (or, on SQLite, stays locked)."""
    if wants_json():
        return json_error(503, "database_unavailable", "The database is unavailable; retry later.")
    title, message = http_messages()[503]
    return page_error(503, title, message)


def handle_unexpected(exc: Exception):
    """Log an unexpected error and answer a plain 500 without a traceback."""
    log.exception("unhandled error on %s %s", request.method, redact_tokens(request.path))
    if wants_json():
        return json_error(500, "internal_error", "Unexpected server error.")
    title, message = http_messages()[500]
    return page_error(500, title, message)


def init_app(app) -> None:
    """Register the handlers."""
    app.register_error_handler(ApiError, handle_api_error)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(OperationalError, handle_database_down)
    app.register_error_handler(Exception, handle_unexpected)
