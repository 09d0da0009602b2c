"""Log-in throttling: attempts are limited per username and per client, with a progressive
delay between failures.

How this avoids locking out a real person:

* Only attempts that fail count; signing in successfully clears the username's count.
* The limits are windows that end by themselves (default 5 failures a minute and 100 an
  hour per username; 20 a minute and 300 an hour per client address): no lock is permanent
  and nobody has to unlock an account.
* The delay after a failure grows slowly (none for the first two, then 1, 2, 4 … seconds)
  and is capped at 30 seconds, so a person who mistypes waits seconds, not hours.
* An attacker guessing one username from many addresses can hold it back for at most an
  hour; an administrator who resets that person's password clears the username's count
  at once (the recovery path), and the person signs in with the new password.

How it holds against many attempts at once: an attempt is *reserved* before the password
is checked, in one write transaction that checks every window and the delay and counts the
attempt (web/throttle.py; the counts are in the database, shared by every worker and
host). Twenty simultaneous guesses for one username therefore get exactly five password
checks a minute, not as many as there are workers. A success then clears the username's
count; a failure keeps the reservation as its count.
"""

from flask import current_app

from models.ops import throttles
from models.ops.throttles import Check, Verdict, gate_key, window_key
from web import throttle
from web.db import get_session

#: Failures before the progressive delay starts (setting LOGIN_FREE_FAILURES).
FREE_FAILURES = 2
#: Longest wait between two attempts, in seconds.
MAX_DELAY_SECONDS = 30


def _user_key(username: str) -> str:
    return f"login/user/{username}"


def reserve(username: str, client: str) -> Verdict:
    """Check and count a log-in attempt before its password is checked; commit it.

    A refused attempt is not counted; the first refusal of a window is audited as
    "login.throttled".
    """
    if not throttle.enabled():
        return Verdict(True)
    checks = [Check(_user_key(username), throttle.limits("LOGIN_LIMITS_PER_USERNAME")),
              Check(f"login/client/{client}", throttle.limits("LOGIN_LIMITS_PER_CLIENT"))]
    gate = gate_key(_user_key(username))
    session = get_session()
    return throttle.take(checks, refusal_action="login.throttled", note=f"username={username}",
                         gate=gate, then=lambda moment: _delay_the_next(session, username, moment))


def _delay_the_next(session, username: str, moment: float) -> None:
    """Close the username's gate for the delay this attempt earns if it fails."""
    delay = progressive_delay(_failures(session, username, moment),
                              current_app.config["LOGIN_FREE_FAILURES"])
    if delay:
        throttles.set_gate(session, gate_key(_user_key(username)), moment + delay)


def _failures(session, username: str, moment: float) -> int:
    longest = max(throttle.limits("LOGIN_LIMITS_PER_USERNAME"), key=lambda item: item.seconds)
    return throttles.hits_in_window(session, window_key(_user_key(username), longest), moment)


def failures_this_hour(username: str) -> int:
    """Return the username's failed attempts in the longest window of its limits."""
    return _failures(get_session(), username, throttle.now())


def progressive_delay(failures: int, free: int = FREE_FAILURES) -> int:
    """Return the seconds to wait after the given number of failures: 0, 0, 1, 2, 4 … 30
    (with the default of two free failures)."""
    if failures <= free:
        return 0
    return min(2 ** (failures - free - 1), MAX_DELAY_SECONDS)


def clear_username(username: str) -> None:
    """Forget a username's failures (after a successful log-in or a password reset).

    Runs in the caller's write transaction; the caller commits.
    """
    session = get_session()
    keys = [window_key(_user_key(username), limit)
            for limit in throttle.limits("LOGIN_LIMITS_PER_USERNAME")]
    moment = throttle.now()
    ended = throttles.clear(session, [*keys, gate_key(_user_key(username))], moment)
    throttle.summarise(session, ended)


def init_app(app) -> None:
    """Default limits; a deployment may change them (HAILONG_LOGIN_LIMITS_PER_USERNAME …)."""
    app.config.setdefault("LOGIN_LIMITS_PER_USERNAME", "5/minute;100/hour")
    app.config.setdefault("LOGIN_LIMITS_PER_CLIENT", "20/minute;300/hour")
    app.config.setdefault("LOGIN_FREE_FAILURES", FREE_FAILURES)
