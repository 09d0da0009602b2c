"""The flag rules' settings, and what a request tells about the browser that sent a rating.

Nothing here identifies a citizen: addresses and browser traits are kept only as keyed
hashes (models/ops/origins.py), and no cookie is set on a citizen's phone.
"""

import hashlib
import hmac
import ipaddress
from dataclasses import fields

from flask import current_app, request
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from integrity import Thresholds
from models.ops.origins import SubmissionOrigin, keyed_hash
from models.ops.screening import Screening
from web.config import ConfigError

#: The console leaves this cookie in a staff member's browser; a rating sent from a browser
#: carrying it is flagged even after the staff member signed out.
STAFF_MARKER_COOKIE = "hailong_staff"
STAFF_MARKER_DAYS = 400
#: Browser traits that, with the address, tell phones apart without a cookie. The Sec-CH-UA
#: client hints are asked for by the survey pages (Accept-CH) and sent by Chromium browsers.
PHONE_TRAITS = ("User-Agent", "Accept-Language", "Sec-CH-UA-Model", "Sec-CH-UA-Platform",
                "Sec-CH-UA-Platform-Version")
CLIENT_HINTS = "Sec-CH-UA-Model, Sec-CH-UA-Platform, Sec-CH-UA-Platform-Version"


def _thresholds_from(config) -> Thresholds:
    """Build the thresholds from the TRUST_* settings.

    :raises ConfigError: naming the setting when a value is not usable.
    """
    values = {}
    for item in fields(Thresholds):
        key = f"TRUST_{item.name.upper()}"
        if key not in config:
            continue
        value = config[key]
        try:
            if item.name == "open_weekdays":
                parts = value.split(",") if isinstance(value, str) else value
                value = frozenset(int(part) for part in parts if str(part).strip())
            elif isinstance(value, str):
                value = float(value) if item.type in (float, "float") else int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{key} must be a number (see docs/integrity.md)") from None
        values[item.name] = value
    try:
        return Thresholds(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"a TRUST_* setting is wrong: {exc} (see docs/integrity.md)") from None


def _shared_networks(config) -> tuple:
    value = config.get("TRUST_SHARED_NETWORKS") or ()
    parts = value.split(",") if isinstance(value, str) else value
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False)
                     for part in parts if part.strip())
    except ValueError as exc:
        raise ConfigError(f"TRUST_SHARED_NETWORKS: {exc}") from None


def thresholds() -> Thresholds:
    """Return the running app's flag thresholds."""
    return current_app.extensions["hailong.thresholds"]


def _key() -> bytes:
    """Return the key of every integrity hash, derived from the app's secret key."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(secret, b"hailong.integrity", hashlib.sha256).digest()


def hash_address(address: str) -> str:
    """Return the keyed hash of a network address (console and phone alike)."""
    return keyed_hash(_key(), f"address:{address}")


def hash_code(code: str) -> str:
    """Return the keyed hash of a dossier code typed at /s/."""
    return keyed_hash(_key(), f"code:{code}")


def screening() -> Screening:
    """Return what the rules need besides the database."""
    return Screening(thresholds(), current_app.config["TIMEZONE"], hash_address)


def _on_shared_network(address: str | None) -> bool:
    if not address:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return True
    return any(ip in network for network in current_app.extensions["hailong.shared_networks"])


def _network_of(address: str) -> str:
    """Return the address, or for IPv6 its /64 (a phone changes its own 64 bits often)."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def phone_hash() -> str | None:
    """Return the cookie-less signal of the sending phone, None on a shared network."""
    address = request.remote_addr
    if _on_shared_network(address):
        return None
    traits = "|".join(request.headers.get(name, "") for name in PHONE_TRAITS)
    return keyed_hash(_key(), f"phone:{_network_of(address)}|{traits}")


def _marker() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="hailong.staff-browser")


def staff_marker(user_id: int) -> str:
    """Return the signed value of the staff-browser cookie for an account."""
    return _marker().dumps(user_id)


def marked_staff_user() -> int | None:
    """Return the account the browser's staff marker names, if it carries a valid one."""
    value = request.cookies.get(STAFF_MARKER_COOKIE)
    if not value:
        return None
    try:
        user_id = _marker().loads(value)
    except BadSignature:
        return None
    return user_id if isinstance(user_id, int) and not isinstance(user_id, bool) else None


def submission_origin() -> SubmissionOrigin:
    """Return what the request tells about the browser that sent a phone rating."""
    user = getattr(current_user, "user", None) if current_user.is_authenticated else None
    staff_user_id, live = (user.id, True) if user is not None else (marked_staff_user(), False)
    address = request.remote_addr
    shared = _on_shared_network(address)
    return SubmissionOrigin(
        staff_user_id=staff_user_id, staff_session=live,
        address_hash=None if shared else hash_address(address),
        phone_hash=None if shared else phone_hash(),
    )


def init_app(app) -> None:
    """Check the TRUST_* settings once, at start-up."""
    app.extensions["hailong.thresholds"] = _thresholds_from(app.config)
    app.extensions["hailong.shared_networks"] = _shared_networks(app.config)
