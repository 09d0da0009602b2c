"""URL plumbing: ids in paths, and the absolute links citizens open (survey URLs printed on QR
codes, posters and slips)."""

from flask import current_app, url_for
from werkzeug.routing import IntegerConverter

from models.ops.visits import survey_token, token_key_from_secret

#: Largest id in a path: keys are 32-bit INTEGER on PostgreSQL (audit entries, the only
#: 64-bit ones, have no page of their own; such a route would say `<int(max=…):id>`).
MAX_PATH_ID = 2**31 - 1


class DatabaseIdConverter(IntegerConverter):
    """`<int:…>` in every route: a number larger than any key matches no route (404).

    Without the bound, /api/v1/visits/99999999999999999999 reached the database, which
    cannot compare such a number with an INTEGER key (SQLite: OverflowError; PostgreSQL:
    "integer out of range"), and the answer was a 500.
    """

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_PATH_ID, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


def init_app(app) -> None:
    """Bound the ids in paths; call before any route is added."""
    app.url_map.converters["int"] = DatabaseIdConverter


def public_url(endpoint: str, **values) -> str:
    """Return the absolute URL of endpoint at PUBLIC_BASE_URL, else at this request's host.

    A queue system may call the API on an internal address; the QR it prints must still
    carry the address citizens reach, so deployments set PUBLIC_BASE_URL.
    """
    base = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def survey_token_key() -> bytes:
    """Return the key this app derives survey tokens with (from SECRET_KEY)."""
    return token_key_from_secret(current_app.config["SECRET_KEY"])


def visit_token(visit) -> str | None:
    """Return a visit's survey token, or None for a visit whose link cannot be shown again
    (opened before tokens were derived from a nonce)."""
    nonce = visit.token_nonce
    return survey_token(survey_token_key(), nonce) if nonce else None


def survey_url(visit) -> str | None:
    """Return the public survey link of a visit (see visit_token), or None."""
    token = visit_token(visit)
    return public_url("survey.take", token=token) if token else None
