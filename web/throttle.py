"""Rate limits on what an attacker would repeat: log-in, password change, second factor,
tablet pairing, dossier-code look-ups and poster ratings.

The counts live in the database (``models.ops.throttles``), so a limit holds however many
gunicorn workers and app hosts share the load, on the embedded SQLite file as on
PostgreSQL: each attempt is checked and counted in one write transaction of its own,
committed before the guarded work begins. The first refusal of a window is audited; the
refusals after it are counted and summarised in one audit entry when the window ends, so a
flood of attempts cannot flood the log.

Limits are settings in the syntax of the ``limits`` library ("5/minute;100/hour"); a
deployment may change them (HAILONG_<SETTING>). THROTTLES_ENABLED = False turns them all
off (never in production).
"""

import math
import time
from collections.abc import Callable, Sequence
from functools import wraps

from flask import current_app, request
from limits import parse_many
from werkzeug.exceptions import TooManyRequests

from models.ops import throttles
from models.ops.audit import record_audit
from models.ops.throttles import Check, EndedWindow, Limit, Verdict
from web.audit import audit
from web.db import write_session

#: Seconds between two sweeps of ended windows, per process (housekeeping only).
PRUNE_EVERY_SECONDS = 60.0
_last_prune = {"at": 0.0}


class Throttled(TooManyRequests):
    """429 Too Many Requests, with Retry-After in whole seconds."""

    def __init__(self, retry_after: float):
        super().__init__(retry_after=wait_seconds(retry_after))


def wait_seconds(retry_after: float) -> int:
    """Return a wait as the whole seconds to tell a person (at least 1)."""
    return max(1, math.ceil(retry_after))


def now() -> float:
    """Return the throttle's clock: seconds since the epoch."""
    return time.time()


def enabled() -> bool:
    """Say whether throttles apply (tests of other things may turn them off)."""
    return bool(current_app.config.get("THROTTLES_ENABLED", True))


def limits(setting: str) -> tuple[Limit, ...]:
    """Return the limits a setting names, e.g. "5/minute;100/hour"."""
    return tuple(Limit(item.amount, item.get_expiry())
                 for item in parse_many(current_app.config[setting]))


def client_address() -> str:
    """Return the caller's address (the proxy's X-Forwarded-For when it is trusted)."""
    return request.remote_addr or "unknown"


def take(checks: Sequence[Check], *, refusal_action: str, note: str | None = None,
         gate: str | None = None, then: Callable[[float], None] | None = None) -> Verdict:
    """Check and count one attempt in a write transaction of its own, and commit it.

    The request's session must not hold uncommitted changes (they would be discarded).

    :param then: called with the moment when the attempt is let through, inside the same
        transaction (the log-in closes its gate for the next attempt there).
    """
    session = write_session()
    moment = now()
    verdict = throttles.take(session, checks, moment, gate=gate)
    if verdict.allowed and then is not None:
        then(moment)
    if not verdict.allowed and verdict.first_refusal:
        audit(refusal_action, note=note)
    summarise(session, verdict.ended + prune_if_due(session, moment))
    session.commit()
    return verdict


def summarise(session, ended: Sequence[EndedWindow]) -> None:
    """Write one audit entry per ended window that refused more than its first attempt."""
    for window in ended:
        if window.refused > 1:
            record_audit(session, action="throttle.summary", actor="system",
                         object_type="throttle", object_id=window.key[:64],
                         note=f"{window.refused} attempts refused in this window "
                              f"(the first one is logged on its own)")


def prune_if_due(session, moment: float) -> tuple[EndedWindow, ...]:
    """Sweep ended windows now and then, so the table stays small."""
    if moment - _last_prune["at"] < PRUNE_EVERY_SECONDS:
        return ()
    _last_prune["at"] = moment
    return throttles.prune(session, moment)


def per_client(name: str, setting: str, *, methods: Sequence[str] = ("POST",),
               also: Sequence[tuple[str, str]] = ()):
    """Limit a view per client address, with the limits of a setting.

    :param also: further (key, setting) pairs counted with every attempt, e.g. a limit
        shared by all clients.
    """

    def decorator(view):
        @wraps(view)
        def limited(*args, **kwargs):
            if request.method in methods and enabled():
                client = client_address()
                checks = [Check(f"{name}/client/{client}", limits(setting)),
                          *(Check(f"{name}/{key}", limits(other)) for key, other in also)]
                verdict = take(checks, refusal_action=f"{name}.throttled",
                               note=f"client={client}")
                if not verdict.allowed:
                    raise Throttled(verdict.retry_after)
            return view(*args, **kwargs)

        return limited

    return decorator
