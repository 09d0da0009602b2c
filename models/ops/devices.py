"""Tablet pairing with one-time codes, moving and revoking tablets."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from models.base import utcnow
from models.devices import OfficerSignIn, PairingCode, Tablet
from models.org import Counter

#: How long a pairing code may be typed into a tablet.
PAIRING_CODE_TTL = timedelta(minutes=10)


class PairingError(ValueError):
    """A pairing code that is unknown, used or expired, or a counter that cannot take a tablet."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class IssuedCode:
    """A fresh pairing code; the plain code is shown once and never stored."""

    code: str
    counter_code: str
    expires_at: datetime


@dataclass(frozen=True)
class PairedTablet:
    """A newly paired tablet; the plain secret goes to the tablet and is never stored."""

    tablet_id: int
    counter_id: int
    secret: str


def hash_secret(value: str) -> str:
    """Return the SHA-256 hex digest stored in place of a code or device secret."""
    return hashlib.sha256(value.encode()).hexdigest()


def issue_pairing_code(
    session, counter: Counter, created_by_id: int | None = None, now: datetime | None = None
) -> IssuedCode:
    """Create a 6-digit one-time code for pairing a tablet with counter; flush only.

    :raises PairingError: when the counter is inactive.
    """
    if not counter.active:
        raise PairingError("counter_inactive", f"counter {counter.code} is not active")
    now = now or utcnow()
    code = f"{secrets.randbelow(1_000_000):06d}"
    session.add(
        PairingCode(
            counter_id=counter.id,
            code_hash=hash_secret(code),
            created_at=now,
            expires_at=now + PAIRING_CODE_TTL,
            created_by_id=created_by_id,
        )
    )
    session.flush()
    return IssuedCode(code, counter.code, now + PAIRING_CODE_TTL)


def redeem_pairing_code(
    session, code: str, name: str = "", now: datetime | None = None
) -> PairedTablet:
    """Use a pairing code once: create the tablet and return its device secret; flush only.

    :raises PairingError: when the code is unknown, already used or expired.
    """
    now = now or utcnow()
    pairing = session.scalar(
        select(PairingCode)
        .where(PairingCode.code_hash == hash_secret(code.strip()))
        .order_by(PairingCode.created_at.desc())
        .limit(1)
    )
    if pairing is None or pairing.used_at is not None or pairing.expires_at <= now:
        raise PairingError("invalid_pairing_code", "the pairing code is unknown, used or expired")
    secret = secrets.token_urlsafe(32)
    tablet = Tablet(
        name=name, counter_id=pairing.counter_id, secret_hash=hash_secret(secret), paired_at=now
    )
    session.add(tablet)
    session.flush()
    claimed = session.execute(
        update(PairingCode)
        .where(PairingCode.id == pairing.id, PairingCode.used_at.is_(None))
        .values(used_at=now, tablet_id=tablet.id)
    )
    if claimed.rowcount != 1:
        raise PairingError("invalid_pairing_code", "the pairing code was used at the same moment")
    return PairedTablet(tablet.id, pairing.counter_id, secret)


def find_tablet(session, secret: str) -> Tablet | None:
    """Return the paired, unrevoked tablet holding secret, or None."""
    tablet = session.scalar(select(Tablet).where(Tablet.secret_hash == hash_secret(secret)))
    return tablet if tablet is not None and tablet.revoked_at is None else None


def end_open_sign_in(session, tablet_id: int, reason: str, now: datetime | None = None) -> None:
    """Sign out whoever is signed in at the tablet, recording why."""
    session.execute(
        update(OfficerSignIn)
        .where(OfficerSignIn.tablet_id == tablet_id, OfficerSignIn.signed_out_at.is_(None))
        .values(signed_out_at=now or utcnow(), sign_out_reason=reason)
    )


def revoke_tablet(session, tablet: Tablet, now: datetime | None = None) -> None:
    """Revoke a tablet: its secret stops working and any sign-in on it ends; flush only."""
    now = now or utcnow()
    end_open_sign_in(session, tablet.id, "revoked", now)
    tablet.revoked_at = now
    session.flush()


def move_tablet(session, tablet: Tablet, counter: Counter, now: datetime | None = None) -> None:
    """Move a tablet to another counter, ending the sign-in at the old one; flush only."""
    end_open_sign_in(session, tablet.id, "moved", now)
    tablet.counter_id = counter.id
    session.flush()
