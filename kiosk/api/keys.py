"""Integration keys: queue systems and one-stop software send `Authorization: Bearer <key>`."""

from functools import wraps

from flask import request

from models.engine import begin_write
from models.ops.apikeys import find_api_key
from web.db import get_session
from web.errors import ApiError

#: OpenAPI security requirement of the integration endpoints.
INTEGRATION_SECURITY = [{"integrationKey": []}]


def authenticate_integration():
    """Return the unrevoked ApiKey the request carries (its use is noted on the key).

    :raises ApiError: 401 when the header is missing or malformed, or the key is unknown
        or revoked.
    """
    scheme, _sep, key = request.headers.get("Authorization", "").partition(" ")
    key = key.strip()
    if scheme.lower() != "bearer" or not key:
        raise ApiError(401, "missing_api_key",
                       "Send the site's integration key as 'Authorization: Bearer <key>'.")
    record = find_api_key(get_session(), key)
    if record is None:
        raise ApiError(401, "invalid_api_key", "The integration key is unknown or revoked.")
    return record


def integration_view(view):
    """Open a write transaction, authenticate the key, and pass it to view as `api_key`.

    The write transaction comes first so that noting the key's use never meets a lock
    half-way on SQLite; the view commits.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        begin_write(get_session())
        return view(*args, api_key=authenticate_integration(), **kwargs)

    return wrapped
