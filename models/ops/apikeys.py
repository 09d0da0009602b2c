"""Integration keys for queue systems and one-stop software: created once, stored hashed."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from models.base import utcnow
from models.ops.devices import hash_secret
from models.org import Site
from models.visits import ApiKey

#: Prefix that makes a leaked key recognisable in logs and secret scanners.
KEY_PREFIX = "hl_"


@dataclass(frozen=True)
class IssuedKey:
    """A new key; the plain key is shown once and never stored."""

    key_id: int
    key: str
    site_code: str


def create_api_key(session, site: Site, name: str, created_by_id: int | None = None) -> IssuedKey:
    """Create an integration key for site; flush only."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    record = ApiKey(
        site_id=site.id,
        name=name,
        prefix=key[:10],
        key_hash=hash_secret(key),
        created_by_id=created_by_id,
    )
    session.add(record)
    session.flush()
    return IssuedKey(record.id, key, site.code)


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
