"""Open and close visits; rate a visit once by its token; rate a counter from its poster."""

import base64
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from models.base import utcnow
from models.ops.ratings import (
    RatingContext,
    RatingRejected,
    RecordOutcome,
    last_unbound_rating_at,
    record_rating,
    record_visit_rating,
    validate_submission,
)
from models.org import Counter, Officer
from models.queries.visit_counters import CounterRow, signed_in_officer
from models.queries.visits import VisitRow
from models.visits import Visit

#: Random bytes in a survey token: 96 bits, 16 URL-safe characters.
TOKEN_BYTES = 12
TOKEN_LENGTH = 16
MAX_TICKET_LENGTH = 32
MAX_DOSSIER_CODE_LENGTH = 64


class VisitError(ValueError):
    """A visit that cannot be opened, with a stable code and an English message."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class CooldownActive(Exception):
    """The counter took a rating without a visit moments ago; retry after `seconds`."""

    def __init__(self, seconds: int):
        super().__init__(f"retry in {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class OpenedVisit:
    """A newly opened visit, its survey token, and the visits it closed at the counter."""

    visit: Visit
    closed_ids: tuple[int, ...]
    token: str


def token_key_from_secret(secret_key: str) -> bytes:
    """Return the key survey tokens are derived with, from the app's SECRET_KEY."""
    return hmac.new(secret_key.encode("utf-8"), b"hailong/survey-token",
                    hashlib.sha256).digest()


def new_token_nonce() -> str:
    """Return a fresh random nonce (128 bits) for a visit's survey token."""
    return secrets.token_urlsafe(16)


def survey_token(token_key: bytes, nonce: str) -> str:
    """Return the survey token of the visit with nonce: 96 bits, 16 URL-safe characters.

    The database keeps the nonce and the token's SHA-256, never the token: without the
    key (derived from SECRET_KEY), a copy of the database cannot rebuild a single link.
    """
    digest = hmac.new(token_key, nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode("ascii")


def token_hash(token: str) -> str:
    """Return the SHA-256 a survey token is looked up by."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_dossier_code(code: str) -> str:
    """Return a dossier code as stored and looked up: NFC, no spaces, upper case."""
    text = unicodedata.normalize("NFC", code)
    return "".join(text.split()).upper()


def open_visit(
    session,
    counter_id: int,
    officer_id: int,
    *,
    opened_via: str,
    ticket_number: str | None = None,
    dossier_code: str | None = None,
    api_key_id: int | None = None,
    opened_by_id: int | None = None,
    now: datetime | None = None,
    token_key: bytes,
) -> OpenedVisit:
    """Open a visit at a counter served by an officer, closing the counter's open visits.

    The counter row is locked first (PostgreSQL), so two visits opened at one counter at
    the same moment queue up instead of both staying open. Closed visits keep their
    tokens: the citizen may still rate them until the token expires. The new visit's
    survey token is derived with token_key (see survey_token). Flush only.

    :raises VisitError: when the counter or officer is unknown, inactive or from another site.
    """
    now = now or utcnow()
    counter = session.scalar(select(Counter).where(Counter.id == counter_id).with_for_update())
    officer = session.get(Officer, officer_id)
    _check_can_open(counter, officer)
    still_open = session.scalars(
        select(Visit).where(Visit.counter_id == counter.id, Visit.closed_at.is_(None))
    ).all()
    for earlier in still_open:
        earlier.closed_at = max(now, earlier.opened_at)
    nonce = new_token_nonce()
    token = survey_token(token_key, nonce)
    visit = Visit(
        site_id=counter.site_id, counter_id=counter.id, officer_id=officer.id,
        ticket_number=ticket_number or None,
        dossier_code=normalise_dossier_code(dossier_code) if dossier_code else None,
        opened_at=now, opened_via=opened_via, api_key_id=api_key_id, opened_by_id=opened_by_id,
        token_nonce=nonce, token_hash=token_hash(token),
        token_expires_at=now + timedelta(days=counter.site.token_ttl_days),
    )
    session.add(visit)
    session.flush()
    return OpenedVisit(visit, tuple(earlier.id for earlier in still_open), token)


def _check_can_open(counter: Counter | None, officer: Officer | None) -> None:
    if counter is None:
        raise VisitError("unknown_counter", "no such counter")
    if officer is None:
        raise VisitError("unknown_officer", "no such officer")
    if not counter.active:
        raise VisitError("counter_inactive", f"counter {counter.code} is not active")
    if not officer.active:
        raise VisitError("officer_inactive", f"officer {officer.code} is not active")
    if officer.site_id != counter.site_id:
        raise VisitError(
            "officer_not_at_site", f"officer {officer.code} does not work at this counter's site"
        )


def close_visit(session, visit_id: int, now: datetime | None = None) -> bool:
    """Close a visit (the counter's current case ends); False if it was closed already.

    Its token keeps working until it expires. Flush only.
    """
    visit = session.get(Visit, visit_id)
    if visit is None or visit.closed_at is not None:
        return False
    visit.closed_at = max(now or utcnow(), visit.opened_at)
    session.flush()
    return True


def rate_visit(
    session, questionnaire, visit: VisitRow, submission, *, zone: str,
    now: datetime | None = None, tablet_id: int | None = None,
    clock_skew: timedelta | None = None,
) -> RecordOutcome:
    """Store the one rating of a visit, claiming the visit in the same transaction.

    See ``record_visit_rating`` for how exactly one of two simultaneous submissions wins.
    The tablet passes its tablet_id and measured clock skew; the phone passes neither. The
    caller opens the write transaction first (``web.db.write_session``). Flushes only.
    """
    now = now or utcnow()
    if visit.is_expired(now):
        return RecordOutcome(submission.id, "rejected", "token_expired", "the link has expired")
    try:
        validate_submission(questionnaire, submission)
    except RatingRejected as exc:
        return RecordOutcome(submission.id, "rejected", exc.code, exc.message)
    context = RatingContext(site_id=visit.site_id, counter_id=visit.counter_id,
                            officer_id=visit.officer_id, visit_id=visit.id,
                            tablet_id=tablet_id, clock_skew=clock_skew)
    return record_visit_rating(session, questionnaire, submission, context, zone=zone, now=now)


def rate_counter(
    session, questionnaire, counter: CounterRow, submission, *, zone: str,
    now: datetime | None = None,
) -> RecordOutcome:
    """Store an unverified poster rating for whoever is signed in at the counter.

    Policy: with nobody signed in, the rating is kept for the counter and site with no
    officer (it never counts for an officer). The counter row is locked, then the
    site's cool-down applies as on the tablet with no visit open.

    :raises CooldownActive: when the counter took a rating without a visit too recently.
    """
    now = now or utcnow()
    session.execute(select(Counter.id).where(Counter.id == counter.id).with_for_update())
    last = last_unbound_rating_at(session, counter.id)
    if last is not None and counter.cooldown_seconds:
        wait = last + timedelta(seconds=counter.cooldown_seconds) - now
        if wait > timedelta(0):
            raise CooldownActive(max(1, int(wait.total_seconds() + 0.999)))
    officer = signed_in_officer(session, counter.id)
    context = RatingContext(site_id=counter.site_id, counter_id=counter.id,
                            officer_id=officer.id if officer else None)
    poster_rating = replace(submission, source="qr_counter")
    return record_rating(session, questionnaire, poster_rating, context, zone=zone, now=now)
