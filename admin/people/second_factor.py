"""The second factor of console accounts: who must have one, checking a code, enrolling.

Accounts whose role is listed in TWO_FACTOR_ROLES (default: administrators and centre
leaders) must sign in with an authenticator app after their password; they set it up the
first time they sign in. Anyone else may turn it on from their account page. A lost phone
is replaced by a recovery code, or an administrator resets the factor (the person then
enrols again at their next log-in).
"""

import base64
from dataclasses import dataclass

from flask import current_app

from admin.people.auth import clock
from admin.people.passwords import hash_password, password_matches
from models.ops import second_factor as factor
from models.ops import throttles
from models.ops.throttles import Check, Verdict, window_key
from models.staff import User
from web import throttle
from web.db import get_session

#: Name of the service in the authenticator app.
ISSUER = "Hài Lòng"


def seed_box() -> factor.SeedBox:
    """Return the box that seals seeds with SECRET_KEY (and opens those of former keys)."""
    config = current_app.config
    return factor.SeedBox([config["SECRET_KEY"], *(config.get("SECRET_KEY_FALLBACKS") or [])])


def required_roles() -> set[str]:
    """Return the roles that must use a second factor (setting TWO_FACTOR_ROLES)."""
    value = current_app.config["TWO_FACTOR_ROLES"]
    names = value.split(",") if isinstance(value, str) else value
    return {name.strip() for name in names if name.strip()}


def is_required(user: User) -> bool:
    """Say whether the account must use a second factor."""
    return user.role in required_roles()


def stage_after_password(user: User) -> str:
    """Return what a right password leads to: "full", "second_factor" or "enrol"."""
    if user.totp_enabled_at is not None:
        return "second_factor"
    return "enrol" if is_required(user) else "full"


def enrolment_seed(user: User) -> str:
    """Return the seed the account is enrolling with, making one when it has none that
    this server can open (flush only; the caller commits)."""
    seed = seed_box().open(user.totp_secret)
    if seed is None or user.totp_enabled_at is not None:
        seed = factor.new_seed()
        factor.start_enrolment(get_session(), user, seed_box().seal(seed))
    return seed


@dataclass(frozen=True)
class Enrolment:
    """What the enrolment page shows: the QR code, and the key to type by hand."""

    qr_data_uri: str
    key_groups: str


def enrolment(user: User, seed: str) -> Enrolment:
    """Return the QR code (an otpauth:// link) and the grouped key of a seed."""
    from render.qr import qr_svg

    uri = factor.provisioning_uri(seed, user.username, ISSUER)
    svg = base64.b64encode(qr_svg(uri)).decode("ascii")
    groups = " ".join(seed[i:i + 4] for i in range(0, len(seed), 4))
    return Enrolment(f"data:image/svg+xml;base64,{svg}", groups)


def check_code(user: User, typed: str, *, recovery: bool = True) -> str | None:
    """Check a code typed for user in the request's write transaction.

    Returns "totp" or "recovery" for an accepted code (it cannot be used again), None
    otherwise. The caller commits.
    """
    session, now = get_session(), throttle.now()
    seed = seed_box().open(user.totp_secret)
    step = factor.matching_step(seed, typed, now) if seed else None
    if step is not None and factor.claim_step(session, user.id, step):
        codes_accepted(user)
        return "totp"
    if recovery and factor.use_recovery_code(session, user.id, typed, password_matches,
                                             clock()):
        codes_accepted(user)
        return "recovery"
    return None


def codes_accepted(user: User) -> None:
    """Forget the account's wrong codes once a right one is given (caller commits)."""
    session, now = get_session(), throttle.now()
    keys = [window_key(_codes_key(user), limit)
            for limit in throttle.limits("SECOND_FACTOR_LIMITS")]
    throttle.summarise(session, throttles.clear(session, keys, now))


def _codes_key(user: User) -> str:
    return f"second-factor/user/{user.id}"


def throttle_codes(user: User) -> Verdict:
    """Check and count a code attempt for the account (committed); return the verdict."""
    if not throttle.enabled():
        return Verdict(True)
    check = Check(_codes_key(user), throttle.limits("SECOND_FACTOR_LIMITS"))
    return throttle.take([check], refusal_action="login.second_factor_throttled",
                         note=f"username={user.username}")


def new_recovery_codes(user: User) -> list[str]:
    """Give the account ten new recovery codes; return them (shown once)."""
    return factor.new_recovery_codes(get_session(), user, hash_password, clock())


def init_app(app) -> None:
    """Default settings of the second factor."""
    app.config.setdefault("TWO_FACTOR_ROLES", "admin,leader")
    app.config.setdefault("SECOND_FACTOR_LIMITS", "5/5 minutes;20/hour")
