"""Log-in throttling: failed attempts are limited per username and per client, with a
progressive delay between failures.

How this avoids locking out a real person:

* Only *failed* attempts count; signing in successfully clears the username's count.
* The limits are windows that end by themselves (default 5 failures a minute and 100 an
  hour per username; 20 a minute and 300 an hour per client address): no lock is permanent
  and nobody has to unlock an account.
* The delay after a failure grows slowly (none for the first two, then 1, 2, 4 … seconds)
  and is capped at 30 seconds, so a person who mistypes waits seconds, not hours.
* An attacker guessing one username from many addresses can hold it back for at most an
  hour; an administrator who resets that person's password clears the username's count
  at once (the recovery path), and the person signs in with the new password.
* Counters live in the limiter's storage (Redis when RATELIMIT_STORAGE_URI is set), so
  every app host sees the same counts.
"""

import math
import time

from flask import current_app
from limits import parse_many

from web.extensions import limiter

#: Failures before the progressive delay starts.
FREE_FAILURES = 2
#: Longest wait between two attempts, in seconds.
MAX_DELAY_SECONDS = 30
NAMESPACE = "hailong-login"


def _limits(setting: str):
    return parse_many(current_app.config[setting])


def _keys(username: str, client: str):
    return (
        (_limits("LOGIN_LIMITS_PER_USERNAME"), ("user", username)),
        (_limits("LOGIN_LIMITS_PER_CLIENT"), ("client", client)),
    )


def _wait_key(username: str) -> str:
    return f"{NAMESPACE}/wait/{username}"


def seconds_to_wait(username: str, client: str) -> int:
    """Return how many seconds this username and client must wait before trying again (0: go)."""
    if not limiter.enabled:
        return 0
    now = _now()
    waits = [0.0]
    for items, identifiers in _keys(username, client):
        for item in items:
            if not limiter.limiter.test(item, NAMESPACE, *identifiers):
                reset_at, _remaining = limiter.limiter.get_window_stats(
                    item, NAMESPACE, *identifiers
                )
                waits.append(reset_at - now)
    if limiter.storage.get(_wait_key(username)):
        waits.append(limiter.storage.get_expiry(_wait_key(username)) - now)
    return max(0, math.ceil(max(waits)))


def record_failure(username: str, client: str) -> None:
    """Count a failed attempt and start the delay the next attempt must wait."""
    if not limiter.enabled:
        return
    for items, identifiers in _keys(username, client):
        for item in items:
            limiter.limiter.hit(item, NAMESPACE, *identifiers)
    delay = progressive_delay(failures_this_hour(username))
    if delay:
        limiter.storage.incr(_wait_key(username), delay)


def failures_this_hour(username: str) -> int:
    """Return the username's failed attempts in the longest window of its limits."""
    longest = max(_limits("LOGIN_LIMITS_PER_USERNAME"), key=lambda item: item.get_expiry())
    _reset, remaining = limiter.limiter.get_window_stats(longest, NAMESPACE, "user", username)
    return longest.amount - remaining


def progressive_delay(failures: int) -> int:
    """Return the seconds to wait after the given number of failures: 0, 0, 1, 2, 4 … 30."""
    if failures <= FREE_FAILURES:
        return 0
    return min(2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_SECONDS)


def clear_username(username: str) -> None:
    """Forget a username's failures (after a successful log-in or a password reset)."""
    if not limiter.enabled:
        return
    for item in _limits("LOGIN_LIMITS_PER_USERNAME"):
        limiter.limiter.clear(item, NAMESPACE, "user", username)
    limiter.storage.clear(_wait_key(username))


def _now() -> float:
    return time.time()


def init_app(app) -> None:
    """Default limits; a deployment may change them (HAILONG_LOGIN_LIMITS_PER_USERNAME …)."""
    app.config.setdefault("LOGIN_LIMITS_PER_USERNAME", "5/minute;100/hour")
    app.config.setdefault("LOGIN_LIMITS_PER_CLIENT", "20/minute;300/hour")
