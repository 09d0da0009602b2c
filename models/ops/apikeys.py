"""Integration keys for queue systems and one-stop software: created once, stored hashed."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from models.base import utcnow
from models.ops.devices import hash_secret
from models.org import Site
from models.visits import API_KEY_SCOPES, ApiKey

#: Prefix that makes a leaked key recognisable in logs and secret scanners.
KEY_PREFIX = "hl_"


@dataclass(frozen=True)
class IssuedKey:
    """A new key; the plain key is shown once and never stored."""

    key_id: int
    key: str
    site_code: str


def create_api_key(session, site: Site | None, name: str, created_by_id: int | None = None,
                   scope: str = "site") -> IssuedKey:
    """Create an integration key; flush only.

    A "site" key acts for ``site``'s queue system or one-stop software. An "evaluations"
    key reads the evaluations (of ``site``'s officers, or every site's when ``site`` is
    None) and nothing else.

    :raises ValueError: a "site" key without a site, or an unknown scope.
    """
    if scope not in API_KEY_SCOPES or (scope == "site" and site is None):
        raise ValueError("a site key needs a site; scopes are site and evaluations")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKey(
        site_id=site.id if site else None,
        scope=scope,
        name=name,
        prefix=key[:10],
        key_hash=hash_secret(key),
        created_by_id=created_by_id,
    )
    session.add(record)
    session.flush()
    return IssuedKey(record.id, key, site.code if site else "")


def find_api_key(session, key: str, now: datetime | None = None) -> ApiKey | None:
    """Return the unrevoked key matching key (and note its use), or None."""
    record = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_secret(key)))
    if record is None or record.revoked_at is not None:
        return None
    record.last_used_at = now or utcnow()
    return record


def revoke_api_key(session, record: ApiKey, now: datetime | None = None) -> None:
    """Revoke a key; requests carrying it are refused from now on; flush only."""
    record.revoked_at = now or utcnow()
    session.flush()
