"""Integration keys: queue systems and one-stop software send `Authorization: Bearer <key>`."""

from functools import wraps

from flask import request

from models.ops.apikeys import find_api_key
from web.db import get_session, write_session
from web.errors import ApiError

#: OpenAPI security requirement of the integration endpoints.
INTEGRATION_SECURITY = [{"integrationKey": []}]
#: OpenAPI security requirement of the evaluations endpoint.
EVALUATIONS_SECURITY = [{"evaluationsKey": []}]


def authenticate_integration(scope: str = "site"):
    """Return the unrevoked ApiKey the request carries (its use is noted on the key).

    :param scope: what the endpoint needs: "site" (a site's queue system or one-stop
        software) or "evaluations" (the province's evaluation software). A key of the
        other scope is refused, so a queue system's key never reads evaluations.
    :raises ApiError: 401 when the header is missing or malformed, or the key is unknown
        or revoked; 403 ``wrong_key_scope`` for a key of the other scope.
    """
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key:
        raise ApiError(401, "missing_api_key",
                       "Send the site's integration key as 'Authorization: Bearer <key>'.")
    record = find_api_key(get_session(), key)
    if record is None:
        raise ApiError(401, "invalid_api_key", "The integration key is unknown or revoked.")
    if record.scope != scope:
        raise ApiError(403, "wrong_key_scope",
                       f"This key is for {record.scope!r}; this endpoint needs a key for "
                       f"{scope!r}.")
    return record


def integration_view(view=None, *, scope: str = "site"):
    """Open a write transaction, authenticate the key, and pass it to view as `api_key`.

    The write transaction comes first so that noting the key's use never meets a lock
    half-way on SQLite; the view commits. ``@integration_view`` needs a site's key;
    ``@integration_view(scope="evaluations")`` an evaluations key.
    """

    def decorate(function):
        @wraps(function)
        def wrapped(*args, **kwargs):
            write_session(get_session())
            return function(*args, api_key=authenticate_integration(scope), **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate
