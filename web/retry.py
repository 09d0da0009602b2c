"""A view that meets a deadlock or a serialisation failure on PostgreSQL runs again.

PostgreSQL breaks a deadlock by failing one of the transactions in it ("deadlock
detected", SQLSTATE 40P01); the database is up and the work is still wanted, so answering
503 would be wrong. Every view is therefore wrapped: on such an error the session is rolled
back and the view runs again from the start (its body was read before it ran, see
web/bodies.py), up to ATTEMPTS times after a random pause that doubles each time (at
most about 1.6 s in all). Views own their
transaction and commit once, so running one again repeats nothing that was kept.
"""

import logging
import random
import time
from functools import wraps

from sqlalchemy.exc import DBAPIError

from web.db import get_session

log = logging.getLogger(__name__)

#: SQLSTATEs worth running the transaction again for: deadlock, serialisation failure.
RETRYABLE = frozenset({"40P01", "40001"})
ATTEMPTS = 6
#: Longest pause before the second attempt, in seconds; it doubles with each attempt.
PAUSE = 0.05


def is_retryable(exc: DBAPIError) -> bool:
    """Say whether a database error is a deadlock or serialisation failure."""
    return getattr(exc.orig, "sqlstate", None) in RETRYABLE


def retrying(view):
    """Wrap a view so that a deadlock runs it again instead of failing the request."""

    @wraps(view)
    def run(*args, **kwargs):
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return view(*args, **kwargs)
            except DBAPIError as exc:
                if attempt == ATTEMPTS or not is_retryable(exc):
                    raise
                log.warning("%s: %s; running it again (attempt %d)", view.__name__,
                            exc.orig.__class__.__name__, attempt + 1)
                get_session().rollback()
                time.sleep(random.uniform(0, PAUSE * 2 ** (attempt - 1)))  # noqa: S311 - jitter
        raise AssertionError("unreachable")

    return run


def init_app(app) -> None:
    """Wrap every view registered so far (call after the blueprints are mounted)."""
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = retrying(view)
