"""Console sessions on the server: start, find, touch, end (flush only, never commit).

The browser holds a random secret in its signed cookie; the database holds its SHA-256.
A session counts only while its record is open, so ending the record ends the session
wherever the cookie was copied to.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from models.sessions import StaffSession
from models.staff import User

#: Longest user-agent text kept for the list of sessions.
MAX_USER_AGENT = 200


@dataclass(frozen=True)
class SessionLimits:
    """How long a session lives: idle (no request by the person) and at most, since log-in;
    how long the step between the password and the second factor may take."""

    idle: timedelta
    absolute: timedelta
    second_step: timedelta = timedelta(minutes=5)


def token_hash(token: str) -> str:
    """Return the SHA-256 a session secret is stored as."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(session, user: User, *, stage: str, now: datetime, ip: str | None,
                  user_agent: str) -> tuple[StaffSession, str]:
    """Open a session for user at stage; return it and its secret (for the cookie only)."""
    token = secrets.token_urlsafe(32)
    record = StaffSession(user_id=user.id, token_hash=token_hash(token), stage=stage,
                          created_at=now, last_seen_at=now, ip=ip,
                          user_agent=(user_agent or "")[:MAX_USER_AGENT])
    session.add(record)
    session.flush()
    return record, token


def find_session(session, token: str) -> StaffSession | None:
    """Return the session a cookie's secret names, open or ended, or None."""
    if not token or len(token) > 100:
        return None
    return session.scalar(select(StaffSession).where(StaffSession.token_hash == token_hash(token)))


def expiry_reason(record: StaffSession, now: datetime, limits: SessionLimits) -> str | None:
    """Return why an open session is over ("idle", "absolute", "abandoned"), or None."""
    if record.stage != "full":
        return "abandoned" if now - record.created_at > limits.second_step else None
    if now - record.created_at > limits.absolute:
        return "absolute"
    if now - record.last_seen_at > limits.idle:
        return "idle"
    return None


def promote(session, record: StaffSession, *, stage: str = "full") -> str:
    """Move a session to its next stage under a new secret (the old cookie stops working);
    return the new secret. Flush only."""
    token = secrets.token_urlsafe(32)
    record.stage = stage
    record.token_hash = token_hash(token)
    session.flush()
    return token


def touch(session, session_id: int, now: datetime) -> None:
    """Note a request the person made; flush only."""
    session.execute(update(StaffSession).where(StaffSession.id == session_id,
                                               StaffSession.ended_at.is_(None))
                    .values(last_seen_at=now))


def end_session(session, session_id: int, reason: str, now: datetime) -> bool:
    """End one session; False when it had ended already. Flush only."""
    result = session.execute(update(StaffSession).where(
        StaffSession.id == session_id, StaffSession.ended_at.is_(None)
    ).values(ended_at=now, end_reason=reason))
    return result.rowcount == 1


def end_user_sessions(session, user_id: int, reason: str, now: datetime, *,
                      keep: int | None = None) -> int:
    """End every open session of an account (but keep); return how many ended. Flush only."""
    query = update(StaffSession).where(StaffSession.user_id == user_id,
                                       StaffSession.ended_at.is_(None))
    if keep is not None:
        query = query.where(StaffSession.id != keep)
    return session.execute(query.values(ended_at=now, end_reason=reason)).rowcount


def end_all_sessions(session, reason: str, now: datetime) -> int:
    """End every open session of every account; return how many ended. Flush only."""
    return session.execute(update(StaffSession).where(StaffSession.ended_at.is_(None))
                           .values(ended_at=now, end_reason=reason)).rowcount


def open_sessions(session, user_id: int) -> list[StaffSession]:
    """Return an account's signed-in sessions, the most recently used first."""
    return list(session.scalars(
        select(StaffSession).where(StaffSession.user_id == user_id,
                                   StaffSession.ended_at.is_(None),
                                   StaffSession.stage == "full")
        .order_by(StaffSession.last_seen_at.desc(), StaffSession.id.desc())))
